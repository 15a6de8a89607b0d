import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalysisRepository } from "./analysis-repository";
import { makeUser, registerTestVideo } from "./repositories.testkit";
import { IllegalTransitionError } from "./status";
import { createVideoRepository } from "./video-repository";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb?.destroy());

const statusOf = async (id: string) =>
  await testDb.db
    .selectFrom("videos")
    .select(["status", "stage", "progress", "errorCode"])
    .where("id", "=", id)
    .executeTakeFirst();
const jobsFor = async (key: string) =>
  (
    await sql<{ task: string }>`select t.identifier as task from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id where j.key = ${key}`.execute(testDb.db)
  ).rows;
const analysis = { coherenceScore: 80, scoreTier: "strong", durationSeconds: 12 };

describe("VideoRepository", () => {
  it("registers a video queued with its analysis job, both in the caller's transaction or neither", async () => {
    const userId = await makeUser(testDb.db);
    const videoId = await registerTestVideo(testDb.db, { userId });
    expect(await statusOf(videoId)).toMatchObject({ status: "queued", stage: "queued", progress: 0 });
    expect(await jobsFor(videoId)).toEqual([{ task: "analyze-video" }]);

    const rolledBack = randomUUID();
    await expect(
      testDb.db.transaction().execute(async (trx) => {
        await createVideoRepository(trx).register({
          videoId: rolledBack,
          userId,
          requestId: "test",
          title: "T",
          originalFilename: "t.mp4",
          contentType: "video/mp4",
          sizeBytes: 1,
          contentHash: randomUUID(),
          durationSeconds: 5,
          storageKey: "k",
          uploadMode: "stream",
        });
        throw new Error("caller fails after registering");
      }),
    ).rejects.toThrow("caller fails");
    expect(await statusOf(rolledBack)).toBeUndefined();
    expect(await jobsFor(rolledBack)).toEqual([]);
  });

  it("links an identical earlier analysis at registration: complete at once, no job", async () => {
    const userId = await makeUser(testDb.db);
    const first = await registerTestVideo(testDb.db, { userId, contentHash: "same-content" });
    const videos = createVideoRepository(testDb.db);
    await videos.start(first);
    await createAnalysisRepository(testDb.db).replaceForVideo({ videoId: first, analysis, metrics: [], flags: [] });
    await videos.complete({ videoId: first, durationSeconds: 12 });
    const second = await registerTestVideo(testDb.db, { userId, contentHash: "same-content" });
    expect(await statusOf(second)).toMatchObject({ status: "complete", progress: 100 });
    expect(await jobsFor(second)).toEqual([]);
  });

  it("moves a video through start, progress, a retryable failure, a final failure, retry and completion", async () => {
    const userId = await makeUser(testDb.db);
    const id = await registerTestVideo(testDb.db, { userId });
    const videos = createVideoRepository(testDb.db);
    expect(await videos.start(id)).toMatchObject({ status: "processing" });
    await videos.setProgress(id, { stage: "transcribe", progress: 120 });
    expect(await statusOf(id)).toMatchObject({ stage: "transcribe", progress: 99 });
    await videos.fail(id, { code: "AI_SERVICE_ERROR", message: "busy", retryable: true, final: false });
    expect(await statusOf(id)).toMatchObject({ status: "queued", errorCode: "AI_SERVICE_ERROR" });
    expect(await videos.start(id)).toMatchObject({ status: "processing", errorCode: null });
    await videos.fail(id, { code: "AI_SERVICE_ERROR", message: "busy", retryable: true, final: true });
    expect(await statusOf(id)).toMatchObject({ status: "error" });
    // Progress never moves a video that is not processing.
    await videos.setProgress(id, { stage: "fuse", progress: 50 });
    expect(await statusOf(id)).toMatchObject({ status: "error", stage: "transcribe" });
    expect(await videos.retry({ videoId: id, userId, requestId: "r" })).toMatchObject({ status: "queued" });
    expect(await statusOf(id)).toMatchObject({ status: "queued", stage: "queued", progress: 0, errorCode: null });
    await videos.start(id);
    expect(await videos.complete({ videoId: id, durationSeconds: 11 })).toMatchObject({
      status: "complete",
      progress: 100,
      durationSeconds: 11,
    });
  });

  it("refuses an illegal move in SQL and leaves the row as it was", async () => {
    const userId = await makeUser(testDb.db);
    const id = await registerTestVideo(testDb.db, { userId });
    const videos = createVideoRepository(testDb.db);
    // queued → complete skips processing.
    await expect(videos.complete({ videoId: id, durationSeconds: 1 })).rejects.toBeInstanceOf(IllegalTransitionError);
    expect(await statusOf(id)).toMatchObject({ status: "queued" });
    // A queued video cannot be retried; the message is the one users saw before.
    await expect(videos.retry({ videoId: id, userId, requestId: "r" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This video is queued; only a failed analysis can be retried.",
    });
    // A video that no longer exists is not an illegal move: nothing to move.
    expect(await videos.fail(randomUUID(), { code: "X", message: "x", retryable: true, final: true })).toBeUndefined();
  });

  it("lets only one of two racing moves win (compare-and-set on the status)", async () => {
    const userId = await makeUser(testDb.db);
    const id = await registerTestVideo(testDb.db, { userId });
    const videos = createVideoRepository(testDb.db);
    await videos.start(id);
    const outcomes = await Promise.allSettled([
      videos.complete({ videoId: id, durationSeconds: 3 }),
      videos.fail(id, { code: "ANALYSIS_FAILED", message: "x", retryable: false, final: true }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(IllegalTransitionError);
    const winner = outcomes[0]!.status === "fulfilled" ? "complete" : "error";
    expect(await statusOf(id)).toMatchObject({ status: winner });
  });

  it("refuses a retry the failure says cannot help, and another user's video", async () => {
    const userId = await makeUser(testDb.db);
    const id = await registerTestVideo(testDb.db, { userId });
    const videos = createVideoRepository(testDb.db);
    await videos.fail(id, { code: "INVALID_MEDIA", message: "no audio", retryable: false, final: true });
    await expect(videos.retry({ videoId: id, userId, requestId: "r" })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      videos.retry({ videoId: id, userId: await makeUser(testDb.db), requestId: "r" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await statusOf(id)).toMatchObject({ status: "error" });
  });

  it("copies a finished analysis to a queued video (reuse) and, on delete, hands a linked analysis on", async () => {
    const userId = await makeUser(testDb.db);
    const videos = createVideoRepository(testDb.db);
    const source = await registerTestVideo(testDb.db, { userId, contentHash: "reused" });
    await videos.start(source);
    const sourceAnalysis = await createAnalysisRepository(testDb.db).replaceForVideo({
      videoId: source,
      analysis,
      metrics: [{ name: "pace", value: 140, unit: "wpm" }],
      flags: [],
    });
    await videos.complete({ videoId: source, durationSeconds: 12 });
    const copyTarget = await registerTestVideo(testDb.db, { userId, contentHash: "other" });
    const copied = await videos.reuse({ videoId: copyTarget, source: { analysisId: sourceAnalysis, videoId: source } });
    expect(await statusOf(copyTarget)).toMatchObject({ status: "complete", progress: 100 });
    const metrics = await testDb.db
      .selectFrom("analysisMetrics")
      .select("name")
      .where("analysisId", "=", copied)
      .execute();
    expect(metrics).toEqual([{ name: "pace" }]);

    // A second upload of the source's content links its analysis; deleting the source hands the analysis over.
    const linked = await registerTestVideo(testDb.db, { userId, contentHash: "reused" });
    await videos.remove({ userId, videoId: source });
    expect(await statusOf(source)).toBeUndefined();
    const heir = await testDb.db
      .selectFrom("analyses")
      .select("videoId")
      .where("id", "=", sourceAnalysis)
      .executeTakeFirst();
    expect(heir).toEqual({ videoId: linked });
  });
});
