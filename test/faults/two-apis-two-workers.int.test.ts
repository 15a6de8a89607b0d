import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "@coherence/core";
import { createTestDatabase, type TestDatabase, waitUntil } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_RUNS_DDL } from "./fixtures/runs";
import { generateFaultTalk } from "./fixtures/talk";
import {
  killProc,
  type Proc,
  query,
  readyPid,
  seedUploadedTalk,
  spawnTs,
  videoOutcome,
  waitForEmptyQueue,
} from "./helpers";

// Two API processes and two worker processes on one database: both APIs serve, and
// every analyze-video job (the real task on the local pipeline) runs exactly once.
let testDb: TestDatabase;
let dir: string;
const procs: Proc[] = [];
const apiUrls: string[] = [];
const workerPids: number[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await query(testDb.url, FAULT_RUNS_DDL);
  dir = await mkdtemp(join(tmpdir(), "coherence-faults-"));
  for (let i = 0; i < 2; i++) {
    const port = await findFreePort();
    procs.push(
      spawnTs("packages/api/src/main.ts", {
        DATABASE_URL: testDb.url,
        API_PORT: String(port),
        LOG_LEVEL: "warn",
        AUTH_SECRET: "fault-secret-fault-secret-fault-secret-01",
        STORAGE_DIR: join(dir, "storage"),
      }),
    );
    apiUrls.push(`http://127.0.0.1:${port}`);
  }
  for (let i = 0; i < 2; i++) {
    const w = spawnTs("test/faults/fixtures/worker-process.ts", {
      DATABASE_URL: testDb.url,
      STORAGE_DIR: join(dir, "storage"),
      FAULT_TASKS: "real",
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
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("two APIs and two workers on one database", () => {
  it("both APIs answer readiness and the REST API", async () => {
    for (const url of apiUrls) {
      const ready = await waitUntil(
        () =>
          fetch(`${url}/readyz`).then(
            (res) => (res.ok ? res : undefined),
            () => undefined,
          ),
        {
          what: `${url}/readyz`,
          timeoutMs: 60_000,
          intervalMs: 200,
        },
      );
      expect(await ready.json()).toEqual({ status: "ready" });
      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
    }
  });

  it("runs each of 6 analyses exactly once, spread over both workers", async () => {
    const talk = await generateFaultTalk({ dir, seconds: 2 });
    const videoIds: string[] = [];
    for (let i = 0; i < 6; i++) {
      videoIds.push(await seedUploadedTalk({ url: testDb.url, storageDir: join(dir, "storage"), talk }));
    }
    await waitUntil(
      async () => {
        const [row] = await query<{ n: number }>(
          testDb.url,
          "select count(*)::int as n from videos where status = 'complete'",
        );
        return row?.n === videoIds.length;
      },
      { what: "every video to be analysed", timeoutMs: 200_000, intervalMs: 250 },
    );
    await waitForEmptyQueue(testDb.url);
    // Let any duplicate run show up before counting.
    await new Promise((r) => setTimeout(r, 1000));
    const runs = await query<{ job_key: string; pid: number; event: string }>(
      testDb.url,
      "select job_key, pid, event from fault_runs",
    );
    for (const videoId of videoIds) {
      const mine = runs.filter((r) => r.job_key === videoId);
      expect(
        mine.map((r) => r.event),
        videoId,
      ).toEqual(["started", "finished"]);
      expect(await videoOutcome(testDb.url, videoId)).toEqual({ status: "complete", analyses: 1 });
    }
    const byWorker = new Set(runs.filter((r) => r.event === "finished").map((r) => r.pid));
    expect([...byWorker].sort()).toEqual([...workerPids].sort());
  }, 300_000);
});
