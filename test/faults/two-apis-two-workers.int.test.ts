import { findFreePort } from "@coherence/core";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_RUNS_DDL } from "./fixtures/fault-tasks";
import { addFaultJob, killProc, type Proc, query, readyPid, spawnTs, waitFor } from "./helpers";

// Two API processes and two worker processes on one database: both APIs serve, and
// every job runs exactly once.
let testDb: TestDatabase;
const procs: Proc[] = [];
const apiUrls: string[] = [];
const workerPids: number[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await query(testDb.url, FAULT_RUNS_DDL);
  for (let i = 0; i < 2; i++) {
    const port = await findFreePort();
    procs.push(
      spawnTs("packages/api/src/main.ts", {
        DATABASE_URL: testDb.url,
        API_PORT: String(port),
        LOG_LEVEL: "warn",
        AUTH_SECRET: "fault-secret-fault-secret-fault-secret-01",
      }),
    );
    apiUrls.push(`http://127.0.0.1:${port}`);
  }
  for (let i = 0; i < 2; i++) {
    const w = spawnTs("test/faults/fixtures/worker-process.ts", {
      DATABASE_URL: testDb.url,
      WORKER_CONCURRENCY: "2",
      WORKER_METRICS_PORT: "0",
    });
    procs.push(w);
    workerPids.push(await readyPid(w, 60_000));
  }
});

afterAll(async () => {
  for (const p of procs) await killProc(p, "SIGTERM");
  for (const p of procs) await killProc(p);
  await testDb?.destroy();
});

describe("two APIs and two workers on one database", () => {
  it("both APIs answer readiness and the REST API", async () => {
    for (const url of apiUrls) {
      const ready = await waitFor(
        `${url}/readyz`,
        async () => {
          const res = await fetch(`${url}/readyz`);
          return res.ok ? res : undefined;
        },
        60_000,
      );
      expect(await ready.json()).toEqual({ status: "ready" });
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
    }
  });

  it("runs each of 30 jobs exactly once, spread over both workers", async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `k-${i}`);
    for (const key of keys) await addFaultJob(testDb.url, { key, ms: 150 });
    const rows = await waitFor(
      "all jobs finished",
      async () => {
        const r = await query<{ job_key: string; pid: number; event: string }>(
          testDb.url,
          "select job_key, pid, event from fault_runs",
        );
        return r.filter((x) => x.event === "finished").length >= keys.length ? r : undefined;
      },
      60_000,
    );
    // Let any duplicate run show up before counting.
    await new Promise((r) => setTimeout(r, 1000));
    const all = await query<{ job_key: string; pid: number; event: string }>(
      testDb.url,
      "select job_key, pid, event from fault_runs",
    );
    for (const key of keys) {
      expect(
        all.filter((r) => r.job_key === key && r.event === "started"),
        key,
      ).toHaveLength(1);
      expect(
        all.filter((r) => r.job_key === key && r.event === "finished"),
        key,
      ).toHaveLength(1);
    }
    const byWorker = new Set(rows.filter((r) => r.event === "finished").map((r) => r.pid));
    expect([...byWorker].sort()).toEqual([...workerPids].sort());
    const [left] = await query<{ n: number }>(testDb.url, "select count(*)::int as n from graphile_worker.jobs");
    expect(left?.n).toBe(0);
  });
});
