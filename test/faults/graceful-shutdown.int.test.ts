import { appRouter, publicProcedure, router, startApiServer } from "@coherence/api";
import { createLogger, createTestDatabase, loadConfig, type TestDatabase, waitUntil } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { FAULT_RUNS_DDL } from "./fixtures/runs";
import { addFaultJob, killProc, type Proc, query, readyPid, runsOf, spawnTs } from "./helpers";

// Graceful shutdown: SIGTERM / close() lets in-flight work finish (or, past the grace
// period, aborts it so the job is retried), and nothing is left half-done or locked.
let testDb: TestDatabase;
const procs: Proc[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await query(testDb.url, FAULT_RUNS_DDL);
});

afterAll(async () => {
  for (const p of procs) await killProc(p);
  await testDb?.destroy();
});

const slowRouter = router({
  ...appRouter._def.record,
  fault: router({
    slow: publicProcedure.input(z.object({ ms: z.number() })).query(async ({ input }) => {
      await new Promise((r) => setTimeout(r, input.ms));
      return { done: true };
    }),
  }),
});

describe("graceful shutdown", () => {
  it("the API finishes an in-flight request, then refuses new connections", async () => {
    const api = await startApiServer({
      config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", SHUTDOWN_TIMEOUT_MS: "10000" }),
      logger: createLogger({ level: "silent" }),
      databaseUrl: testDb.url,
      port: 0,
      router: slowRouter,
    });
    const input = encodeURIComponent(JSON.stringify({ json: { ms: 1500 } }));
    const inFlight = fetch(`${api.url}/trpc/fault.slow?input=${input}`);
    await new Promise((r) => setTimeout(r, 300));
    const closing = api.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: { data: { json: { done: true } } } });
    await closing;
    await expect(fetch(`${api.url}/healthz`)).rejects.toThrow();
  });

  it("SIGTERM during a short job: the worker finishes it, then exits 0", async () => {
    const w = spawnTs("test/faults/fixtures/worker-process.ts", { DATABASE_URL: testDb.url, WORKER_METRICS_PORT: "0" });
    procs.push(w);
    await readyPid(w);
    await addFaultJob(testDb.url, { key: "short", ms: 1500 });
    await waitUntil(async () => (await runsOf(testDb.url, "short")).length > 0, { what: "the job to start" });
    w.child.kill("SIGTERM");
    const code = await Promise.race([w.exited, new Promise((r) => setTimeout(() => r("timeout"), 20_000))]);
    expect(code).toBe(0);
    expect((await runsOf(testDb.url, "short")).map((r) => r.event)).toEqual(["started", "finished"]);
    const [left] = await query<{ n: number }>(testDb.url, "select count(*)::int as n from graphile_worker.jobs");
    expect(left?.n).toBe(0);
  });

  it("SIGTERM during a long job: the job is aborted and released for a retry, not left locked", async () => {
    const w = spawnTs("test/faults/fixtures/worker-process.ts", { DATABASE_URL: testDb.url, WORKER_METRICS_PORT: "0" });
    procs.push(w);
    await readyPid(w);
    await addFaultJob(testDb.url, { key: "long", ms: 60_000 });
    await waitUntil(async () => (await runsOf(testDb.url, "long")).length > 0, { what: "the job to start" });
    w.child.kill("SIGTERM");
    const code = await Promise.race([w.exited, new Promise((r) => setTimeout(() => r("timeout"), 30_000))]);
    expect(code).toBe(0);
    expect((await runsOf(testDb.url, "long")).map((r) => r.event)).toEqual(["started", "aborted"]);
    const jobs = await query<{ locked_at: Date | null; attempts: number; last_error: string | null }>(
      testDb.url,
      "select locked_at, attempts, last_error from graphile_worker.jobs where key = 'long'",
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.locked_at).toBeNull();
    expect(jobs[0]?.attempts).toBe(1);
    expect(jobs[0]?.last_error).toContain("aborted by shutdown");
    await query(testDb.url, "select graphile_worker.remove_job('long')");
  });
});
