import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_RUNS_DDL } from "./fixtures/fault-tasks";
import { addFaultJob, killProc, type Proc, query, readyPid, runsOf, spawnTs, waitFor } from "./helpers";

// A worker killed with SIGKILL in the middle of a job: another worker runs the job again
// within seconds (the lease, packages/worker/src/lease.ts), the video ends `complete`
// with exactly one analysis, and nothing stays locked or `processing`.
let testDb: TestDatabase;
const procs: Proc[] = [];
const WORKER_ENV = { WORKER_CONCURRENCY: "1", LEASE_CHECK_MS: "500", LEASE_GRACE_MS: "1000", WORKER_METRICS_PORT: "0" };

beforeAll(async () => {
  testDb = await createTestDatabase();
  await query(testDb.url, FAULT_RUNS_DDL);
});

afterAll(async () => {
  for (const p of procs) await killProc(p);
  await testDb?.destroy();
});

describe("worker killed mid-job", () => {
  it("the job is picked up again and completes exactly once", async () => {
    const [user] = await query<{ id: string }>(
      testDb.url,
      "insert into users (email) values ('kill@test.invalid') returning id",
    );
    const [video] = await query<{ id: string }>(
      testDb.url,
      "insert into videos (user_id, status) values ($1, 'queued') returning id",
      [user!.id],
    );
    const videoId = video!.id;

    const a = spawnTs("test/faults/fixtures/worker-process.ts", { DATABASE_URL: testDb.url, ...WORKER_ENV });
    procs.push(a);
    const aPid = await readyPid(a);
    await addFaultJob(testDb.url, { key: "k-kill", ms: 4000, videoId });
    await waitFor("job started on A", async () =>
      (await runsOf(testDb.url, "k-kill")).some((r) => r.event === "started") ? true : undefined,
    );
    const [processing] = await query<{ status: string }>(testDb.url, "select status from videos where id = $1", [
      videoId,
    ]);
    expect(processing?.status).toBe("processing");

    const killedAt = Date.now();
    await killProc(a, "SIGKILL");
    const b = spawnTs("test/faults/fixtures/worker-process.ts", { DATABASE_URL: testDb.url, ...WORKER_ENV });
    procs.push(b);

    const runs = await waitFor(
      "job finished on B",
      async () => {
        const r = await runsOf(testDb.url, "k-kill");
        return r.some((x) => x.event === "finished") ? r : undefined;
      },
      40_000,
    );
    const recoveredMs = Date.now() - killedAt;
    const bPid = await readyPid(b);
    expect(runs.filter((r) => r.event === "started").map((r) => r.pid)).toEqual([aPid, bPid]);
    expect(runs.filter((r) => r.event === "finished").map((r) => r.pid)).toEqual([bPid]);
    // graphile-worker counted the killed attempt: the re-run is attempt 2.
    expect(runs.find((r) => r.event === "finished")?.attempt).toBe(2);
    // Well under graphile-worker's own 4-hour expiry: check + grace + the job's 4 s.
    expect(recoveredMs).toBeLessThan(30_000);

    const [after] = await query<{ status: string; analyses: number }>(
      testDb.url,
      "select v.status, (select count(*)::int from analyses a where a.video_id = v.id) as analyses from videos v where v.id = $1",
      [videoId],
    );
    expect(after).toEqual({ status: "complete", analyses: 1 });
    const left = await waitFor("queue drained", async () => {
      const [row] = await query<{ n: number }>(testDb.url, "select count(*)::int as n from graphile_worker.jobs");
      return row?.n === 0 ? row.n : undefined;
    });
    expect(left).toBe(0);
  });

  it("a long job on a live worker is never taken away by another worker's reaper", async () => {
    const a = spawnTs("test/faults/fixtures/worker-process.ts", { DATABASE_URL: testDb.url, ...WORKER_ENV });
    const b = spawnTs("test/faults/fixtures/worker-process.ts", { DATABASE_URL: testDb.url, ...WORKER_ENV });
    procs.push(a, b);
    await readyPid(a);
    await readyPid(b);
    // Six seconds: many lease checks (every 500 ms, grace 1 s) by both workers while it runs.
    await addFaultJob(testDb.url, { key: "k-long-live", ms: 6000 });
    const runs = await waitFor(
      "long job finished",
      async () => {
        const r = await runsOf(testDb.url, "k-long-live");
        return r.some((x) => x.event === "finished") ? r : undefined;
      },
      40_000,
    );
    expect(runs.map((r) => r.event)).toEqual(["started", "finished"]);
    expect(runs[0]?.attempt).toBe(1);
    await killProc(a);
    await killProc(b);
  });
});
