import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase, waitUntil } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_RUNS_DDL } from "./fixtures/runs";
import { generateFaultTalk, type Talk } from "./fixtures/talk";
import {
  addFaultJob,
  killProc,
  type Proc,
  query,
  readyPid,
  runsOf,
  seedUploadedTalk,
  spawnTs,
  videoOutcome,
  waitForEmptyQueue,
} from "./helpers";

// A worker killed with SIGKILL in the middle of a real analysis (the analyze-video task
// on the local pipeline: ffmpeg, pocketsphinx, Human, fusion, rule-based coaching):
// another worker runs the job again within seconds (the lease, packages/worker/src/lease.ts),
// the video ends `complete` with exactly one analysis, and nothing stays locked or `processing`.
let testDb: TestDatabase;
let dir: string;
let talk: Talk;
const procs: Proc[] = [];
const WORKER_ENV = { WORKER_CONCURRENCY: "1", LEASE_CHECK_MS: "500", LEASE_GRACE_MS: "1000", WORKER_METRICS_PORT: "0" };
/** Stages during which the analysis is under way (after probe, before it is written). */
const MID_ANALYSIS = ["extract", "transcribe", "visuals", "audio"];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await query(testDb.url, FAULT_RUNS_DDL);
  dir = await mkdtemp(join(tmpdir(), "coherence-faults-"));
  talk = await generateFaultTalk({ dir, seconds: 10 });
});

afterAll(async () => {
  for (const p of procs) await killProc(p);
  await testDb?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function spawnWorker(tasks: "real" | "stand-in"): Proc {
  const p = spawnTs("test/faults/fixtures/worker-process.ts", {
    DATABASE_URL: testDb.url,
    STORAGE_DIR: join(dir, "storage"),
    FAULT_TASKS: tasks,
    ...WORKER_ENV,
  });
  procs.push(p);
  return p;
}

describe("worker killed mid-analysis", () => {
  it("the real analyze-video job is picked up again and ends with exactly one analysis", async () => {
    const a = spawnWorker("real");
    const aPid = await readyPid(a, 60_000);
    const videoId = await seedUploadedTalk({ url: testDb.url, storageDir: join(dir, "storage"), talk });
    const atKill = await waitUntil(
      async () => {
        const [v] = await query<{ status: string; stage: string }>(
          testDb.url,
          "select status, stage from videos where id = $1",
          [videoId],
        );
        return v?.status === "processing" && MID_ANALYSIS.includes(v.stage) ? v : undefined;
      },
      { what: "the analysis to be under way on worker A", timeoutMs: 90_000, intervalMs: 25 },
    );

    const killedAt = Date.now();
    await killProc(a, "SIGKILL");
    // Nobody else is running: the killed attempt left the video `processing` and its job locked.
    expect((await videoOutcome(testDb.url, videoId)).status).toBe("processing");
    const [locked] = await query<{ locked_by: string | null }>(
      testDb.url,
      "select locked_by from graphile_worker.jobs where key = $1",
      [videoId],
    );
    expect(locked?.locked_by).not.toBeNull();

    const b = spawnWorker("real");
    await waitUntil(async () => (await runsOf(testDb.url, videoId)).some((r) => r.attempt === 2), {
      what: "worker B to take the job over",
      timeoutMs: 60_000,
      intervalMs: 100,
    });
    // B's start-up plus the lease (check every 500 ms, grace 1 s): far under graphile-worker's own 4 hours.
    const takenOverMs = Date.now() - killedAt;
    expect(takenOverMs).toBeLessThan(60_000);
    const runs = await waitUntil(
      async () => {
        const r = await runsOf(testDb.url, videoId);
        return r.some((x) => x.event === "finished") ? r : undefined;
      },
      { what: `the job to finish on worker B (killed at stage ${atKill.stage})`, timeoutMs: 150_000, intervalMs: 200 },
    );
    const bPid = await readyPid(b);
    expect(runs.filter((r) => r.event === "started").map((r) => [r.pid, r.attempt])).toEqual([
      [aPid, 1],
      [bPid, 2],
    ]);
    expect(runs.filter((r) => r.event === "finished").map((r) => r.pid)).toEqual([bPid]);
    expect(runs.some((r) => r.event === "failed")).toBe(false);

    expect(await videoOutcome(testDb.url, videoId)).toEqual({ status: "complete", analyses: 1 });
    await waitForEmptyQueue(testDb.url);
    const [stuck] = await query<{ n: number }>(
      testDb.url,
      "select count(*)::int as n from videos where status = 'processing'",
    );
    expect(stuck?.n).toBe(0);
  }, 300_000);

  it("a long job on a live worker is never taken away by another worker's reaper", async () => {
    // The stand-in job, because this needs a job of a known length: 6 s.
    const a = spawnWorker("stand-in");
    const b = spawnWorker("stand-in");
    await readyPid(a);
    await readyPid(b);
    // Many lease checks (every 500 ms, grace 1 s) by both workers while it runs.
    await addFaultJob(testDb.url, { key: "k-long-live", ms: 6000 });
    const runs = await waitUntil(
      async () => {
        const r = await runsOf(testDb.url, "k-long-live");
        return r.some((x) => x.event === "finished") ? r : undefined;
      },
      { what: "the long job to finish", timeoutMs: 40_000, intervalMs: 100 },
    );
    expect(runs.map((r) => r.event)).toEqual(["started", "finished"]);
    expect(runs[0]?.attempt).toBe(1);
    await killProc(a);
    await killProc(b);
  });
});
