// seed-demo end to end on a fresh test database: generated talks (espeak-ng +
// ffmpeg), stored like uploads, analysed by the real pipeline (Human vision,
// audio features, fusion, rule-based coaching; words from each talk's script).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authenticateWithPassword, createFsStorage, createLogger } from "@coherence/core";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipelineDeps } from "../pipeline/create-deps";
import { createRuleBasedCoachingProvider } from "../providers/coaching/rule-based";
import { createFakeSpeechProvider } from "../providers/speech/fake";
import { createHumanVisionProvider } from "../providers/vision/human";
import { DEMO_ACCOUNT, type SeedEvent, type SeedResult, seedDemo } from "./seed";
import { DEMO_TALKS } from "./talks";

const logger = createLogger({ level: "silent" });
const vision = createHumanVisionProvider();
let testDb: TestDatabase;
let storageDir: string;

function seed(events: SeedEvent[] = []): Promise<SeedResult> {
  return seedDemo({
    db: testDb.db,
    storage: createFsStorage({ root: storageDir }),
    fps: 2,
    pipeline: ({ transcript }) =>
      createPipelineDeps({
        providers: {
          speech: createFakeSpeechProvider({ transcript, name: "script" }),
          vision,
          coaching: createRuleBasedCoachingProvider(),
        },
        logger,
        db: testDb.db,
      }),
    onEvent: (e) => events.push(e),
  });
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  storageDir = await mkdtemp(join(tmpdir(), "coherence-seed-storage-"));
});
afterAll(async () => {
  await testDb?.destroy();
  await rm(storageDir, { recursive: true, force: true });
});

describe("seed-demo", () => {
  let first: SeedResult;
  const events: SeedEvent[] = [];

  // Five talks through the real pipeline: a few minutes on a busy 2-core machine.
  it("creates the demo account and one complete, analysed video per demo talk", { timeout: 900_000 }, async () => {
    const started = performance.now();
    first = await seed(events);
    console.info(`seed-demo: ${Math.round((performance.now() - started) / 1000)} s`, JSON.stringify(first.added));
    expect(first.accountCreated).toBe(true);
    expect(first.added.map((a) => a.slug)).toEqual(DEMO_TALKS.map((t) => t.slug));
    // The printed credentials sign in.
    const user = await authenticateWithPassword(testDb.db, DEMO_ACCOUNT);
    expect(user.id).toBe(first.userId);

    const videos = await testDb.db
      .selectFrom("videos as v")
      .innerJoin("analyses as a", "a.videoId", "v.id")
      .select(["v.id", "v.title", "v.status", "v.progress", "v.storageKey", "v.createdAt", "a.id as analysisId"])
      .select(["a.rawEvents", "a.transcript", "a.report", "a.heatmap", "a.coherenceScore"])
      .where("v.userId", "=", first.userId)
      .orderBy("v.createdAt", "asc")
      .execute();
    expect(videos.map((v) => v.title)).toEqual(DEMO_TALKS.map((t) => t.title));
    for (const v of videos) {
      expect(v).toMatchObject({ status: "complete", progress: 100 });
      expect((await createFsStorage({ root: storageDir }).head(v.storageKey!))?.size).toBeGreaterThan(10_000);
      expect(v.transcript).toBeTruthy();
      expect(v.report).toBeTruthy();
      const metrics = await testDb.db
        .selectFrom("analysisMetrics")
        .select(["name"])
        .where("analysisId", "=", v.analysisId)
        .execute();
      expect(metrics.map((m) => m.name)).toEqual(
        expect.arrayContaining(["averageWordsPerMinutePace", "eyeContactShare", "fillerDensity"]),
      );
    }
    // Spread over past weeks, oldest first, for the progress chart.
    const ages = videos.map((v) => (Date.now() - v.createdAt.getTime()) / 86_400_000);
    expect(ages[0]).toBeGreaterThan(40);
    expect(ages[ages.length - 1]).toBeLessThan(7);

    // Progress was reported while it ran: every talk started, went through the pipeline's stages, and finished.
    expect(events.filter((e) => e.kind === "talk-done")).toHaveLength(DEMO_TALKS.length);
    const stages = new Set(
      events.flatMap((e) => (e.kind === "talk-progress" && e.step !== "generate" ? [e.step.stage] : [])),
    );
    expect([...stages]).toEqual(expect.arrayContaining(["transcribe", "visuals", "fuse"]));
  });

  it("finds the habit each talk was built around, and none of them in the calm one", async () => {
    const flagTypes = async (slug: string) => {
      const videoId = first.added.find((a) => a.slug === slug)!.videoId;
      const rows = await testDb.db
        .selectFrom("dissonanceFlags as f")
        .innerJoin("analyses as a", "a.id", "f.analysisId")
        .select("f.type")
        .where("a.videoId", "=", videoId)
        .execute();
      return new Set(rows.map((r) => r.type));
    };
    expect(await flagTypes("kick-off")).toContain("NERVOUS_FIDGETING");
    expect(await flagTypes("budget-proposal")).toContain("CONFIDENCE_MISMATCH");
    expect(await flagTypes("product-update")).toContain("GAZE_AVOIDANCE");
    const calm = await flagTypes("launch-pitch");
    for (const t of ["NERVOUS_FIDGETING", "CONFIDENCE_MISMATCH", "GAZE_AVOIDANCE"]) expect(calm.has(t)).toBe(false);
    // The newest talk scores better than the oldest: the chart shows a trend.
    expect(first.added.at(-1)!.score).toBeGreaterThan(first.added[0]!.score);
  });

  it("adds nothing when run again", { timeout: 120_000 }, async () => {
    const count = async () => ({
      users: (await testDb.db.selectFrom("users").select("id").execute()).length,
      videos: (await testDb.db.selectFrom("videos").select("id").execute()).length,
      analyses: (await testDb.db.selectFrom("analyses").select("id").execute()).length,
      flags: (await testDb.db.selectFrom("dissonanceFlags").select("id").execute()).length,
    });
    const before = await count();
    const again = await seed();
    expect(again).toMatchObject({ accountCreated: false, added: [], userId: first.userId });
    expect(again.skipped).toEqual(DEMO_TALKS.map((t) => t.slug));
    expect(await count()).toEqual(before);
  });
});
