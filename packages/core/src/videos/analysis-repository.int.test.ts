import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import type { TFlag } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalysisRepository } from "./analysis-repository";
import { makeUser, registerTestVideo } from "./repositories.testkit";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb?.destroy());

const flag = (start: number): TFlag => ({
  type: "GAZE_AVOIDANCE",
  start,
  end: start + 2,
  severity: 0.5,
  confidence: 0.8,
  evidence: { quote: "q", observation: "o", provider: "p" },
  tip: "Look up.",
});

describe("AnalysisRepository", () => {
  it("keeps one analysis per video: a second write replaces the first with its metrics and flags", async () => {
    const userId = await makeUser(testDb.db);
    const videoId = await registerTestVideo(testDb.db, { userId });
    const analyses = createAnalysisRepository(testDb.db);
    const write = (score: number, flags: TFlag[]) =>
      analyses.replaceForVideo({
        videoId,
        analysis: { coherenceScore: score, scoreTier: "fair", durationSeconds: 10 },
        metrics: [{ name: "pace", value: score, unit: "wpm" }],
        flags,
      });
    await write(50, [flag(1), flag(4)]);
    const id = await write(70, [flag(2)]);
    const rows = await testDb.db
      .selectFrom("analyses")
      .select(["id", "coherenceScore"])
      .where("videoId", "=", videoId)
      .execute();
    expect(rows).toEqual([{ id, coherenceScore: 70 }]);
    const flags = await testDb.db
      .selectFrom("dissonanceFlags")
      .select("startSeconds")
      .where("analysisId", "=", id)
      .execute();
    expect(flags).toEqual([{ startSeconds: 2 }]);
  });

  it("re-scores in place: score, flags replaced, ratings updated", async () => {
    const userId = await makeUser(testDb.db);
    const videoId = await registerTestVideo(testDb.db, { userId });
    const analyses = createAnalysisRepository(testDb.db);
    const id = await analyses.replaceForVideo({
      videoId,
      analysis: { coherenceScore: 40, scoreTier: "weak", durationSeconds: 10 },
      metrics: [{ name: "pace", value: 200, unit: "wpm" }],
      flags: [flag(1)],
    });
    await analyses.applyRescore(id, {
      coherenceScore: 90,
      scoreTier: "strong",
      heatmap: { binSeconds: 5, bins: [0, 0] },
      scoreBreakdown: {},
      thresholds: {},
      flags: [flag(3), flag(6)],
      ratings: [{ name: "pace", bandLow: 120, bandHigh: 170, rating: "needs-work" }],
    });
    const row = await testDb.db.selectFrom("analyses").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ coherenceScore: 90, scoreTier: "strong" });
    expect(row.rescoredAt).not.toBeNull();
    const flags = await testDb.db
      .selectFrom("dissonanceFlags")
      .select("startSeconds")
      .where("analysisId", "=", id)
      .orderBy("startSeconds")
      .execute();
    expect(flags).toEqual([{ startSeconds: 3 }, { startSeconds: 6 }]);
    const metric = await testDb.db
      .selectFrom("analysisMetrics")
      .select(["bandLow", "bandHigh", "rating"])
      .where("analysisId", "=", id)
      .executeTakeFirst();
    expect(metric).toEqual({ bandLow: 120, bandHigh: 170, rating: "needs-work" });
  });
});
