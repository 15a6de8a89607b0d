import { enqueueRescores, LOW_PRIORITY_QUEUE } from "@coherence/core";
import { createLogger, createTestDatabase, loadConfig, type TestDatabase, waitUntil } from "@coherence/core/testing";
import type { TRawEvent } from "@coherence/shared";
import type { Runner } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRescoreAllArgs, runRescoreAllCommand } from "../src/cli/rescore-all-command";
import { startWorker } from "../src/runner";
import { createRescoreAnalysisTask, RESCORE_ANALYSIS } from "../src/tasks/rescore-analysis";

const logger = createLogger({ level: "silent" });
const config = loadConfig({ OFFPEAK_WINDOW: "01:00-06:00", OFFPEAK_TIMEZONE: "UTC" });
let testDb: TestDatabase;
let runner: Runner | undefined;

// Ten seconds of confident gaze avoidance: fusion turns it into a flag.
const GAZE: TRawEvent = {
  type: "GAZE_AVOIDANCE",
  start: 10,
  end: 20,
  confidence: 0.95,
  severity: 0.8,
  quote: "",
  observation: "looks away",
  provider: "test",
};

async function addAnalysis(createdAt: Date): Promise<string> {
  const db = testDb.db;
  const user = await db
    .insertInto("users")
    .values({ email: `u${createdAt.getTime()}@example.test` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const video = await db
    .insertInto("videos")
    .values({ userId: user.id, status: "complete" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const analysis = await db
    .insertInto("analyses")
    .values({
      videoId: video.id,
      coherenceScore: 100,
      scoreTier: "Masterful",
      createdAt,
      durationSeconds: 60,
      rawEvents: JSON.stringify([GAZE]),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return analysis.id;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await runner?.stop();
  await testDb?.destroy();
});

describe("coherence rescore --all --off-peak, then the worker", () => {
  it("the worker re-scores an off-peak job once its run_at is reached, and leaves a future one waiting", async () => {
    const due = await addAnalysis(new Date("2020-06-01T00:00:00Z"));
    const later = await addAnalysis(new Date("2025-06-01T00:00:00Z"));
    // Both queued at 12:00 UTC some day in 2099: due at 01:00 the next day, far ahead.
    const future = await enqueueRescores(testDb.db, {
      selection: { limit: 10 },
      urgent: false,
      offPeak: { window: config.OFFPEAK_WINDOW, timeZone: config.OFFPEAK_TIMEZONE },
      now: new Date("2099-03-01T12:00:00Z"),
    });
    expect(future).toMatchObject({ count: 2, runAt: new Date("2099-03-02T01:00:00Z") });

    // The CLI queues the oldest again, as if asked on 2020-01-01 at noon: its job is replaced
    // (still one job per analysis) by one due at 01:00 on 2 January 2020, long past.
    const args = parseRescoreAllArgs({ "off-peak": true, limit: "1" });
    if ("error" in args) throw new Error(args.error);
    let printed = "";
    const code = await runRescoreAllCommand({
      db: testDb.db,
      config,
      args,
      json: true,
      out: (s) => {
        printed += s;
      },
      now: new Date("2020-01-01T12:00:00Z"),
    });
    expect(code).toBe(0);
    expect(JSON.parse(printed)).toEqual({ count: 1, queue: LOW_PRIORITY_QUEUE, runAt: "2020-01-02T01:00:00.000Z" });
    const { rows: jobs } = await sql<{ key: string; queueName: string }>`
      select key, queue_name from graphile_worker.jobs order by key`.execute(testDb.db);
    expect(jobs).toHaveLength(2);
    expect(jobs.every((j) => j.queueName === LOW_PRIORITY_QUEUE)).toBe(true);

    runner = await startWorker({
      config,
      logger,
      databaseUrl: testDb.url,
      pollInterval: 100,
      taskList: { [RESCORE_ANALYSIS]: createRescoreAnalysisTask({ db: testDb.db, logger }) },
    });
    const rescored = await waitUntil(
      async () =>
        await testDb.db
          .selectFrom("analyses")
          .select(["rescoredAt", "coherenceScore", "thresholds"])
          .where("id", "=", due)
          .where("rescoredAt", "is not", null)
          .executeTakeFirst(),
      { what: "the due analysis to be re-scored" },
    );
    expect(rescored.coherenceScore).toBeLessThan(100);
    expect(rescored.thresholds).not.toBeNull();
    const flags = await testDb.db.selectFrom("dissonanceFlags").select("type").where("analysisId", "=", due).execute();
    expect(flags.map((f) => f.type)).toEqual(["GAZE_AVOIDANCE"]);

    // The other job's run_at is in 2099: it is still waiting, its analysis untouched.
    const { rows: left } = await sql<{ key: string }>`select key from graphile_worker.jobs`.execute(testDb.db);
    expect(left.map((j) => j.key)).toEqual([`rescore:${later}`]);
    const untouched = await testDb.db
      .selectFrom("analyses")
      .select("rescoredAt")
      .where("id", "=", later)
      .executeTakeFirstOrThrow();
    expect(untouched.rescoredAt).toBeNull();
  });
});

describe("parseRescoreAllArgs", () => {
  it("names a bad option", () => {
    expect(parseRescoreAllArgs({ limit: "0" })).toEqual({ error: "--limit must be 1 to 100000" });
    expect(parseRescoreAllArgs({ before: "soon" })).toEqual({ error: "--before must be a date such as 2026-11-01" });
    expect(parseRescoreAllArgs({ stale: true, before: "2026-11-01" })).toMatchObject({
      offPeak: false,
      staleOnly: true,
      limit: 1000,
      analysedBefore: new Date("2026-11-01"),
    });
  });
});
