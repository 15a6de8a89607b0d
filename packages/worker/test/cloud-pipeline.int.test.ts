// The "done when": the real analyze-video job, run by graphile-worker, with the
// three cloud providers selected by their keys and fake Deepgram, TwelveLabs and Gemini
// servers on loopback standing in for the services. The same talk analysed locally (no
// keys) gives the shape to match. Then: costs are booked and linked to the analysis, a
// second run of the same file costs $0 without a single HTTP call, and a speech
// experiment changes which provider runs, per arm and admin override.
import { execFile } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  type Config,
  createFsStorage,
  enqueueJob,
  getAnalysisCost,
  originalVideoKey,
  type Storage,
} from "@coherence/core";
import { createLogger, createTestDatabase, loadConfig, type TestDatabase, waitUntil } from "@coherence/core/testing";
import { ZAnalysisResult } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectProviders } from "../src/pipeline/create-deps";
import { hashFile } from "../src/providers/cache";
import { startWorker } from "../src/runner";
import { createTaskList } from "../src/tasks";
import { ANALYZE_VIDEO } from "../src/tasks/analyze-video";
import { fakeCloudEnv } from "./fakes/cloud-env";
import { startFakeDeepgram } from "./fakes/deepgram";
import type { FakeHttpServer } from "./fakes/fake-server";
import { startFakeGemini } from "./fakes/gemini";
import { startFakeTwelveLabs } from "./fakes/twelvelabs";
import { generateCloudTalk } from "./fixtures/cloud-talk";

const run = promisify(execFile);
const logger = createLogger({ level: "silent" });
let testDb: TestDatabase;
let storage: Storage;
let dir: string;
let talkPath: string;
let deepgram: FakeHttpServer;
let twelvelabs: FakeHttpServer;
let gemini: FakeHttpServer;
let cloudConfig: Config;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "coherence-cloud-pipeline-"));
  storage = createFsStorage({ root: join(dir, "storage") });
  deepgram = await startFakeDeepgram();
  // Indexing is ready at the first poll: the provider's real 2 s poll delay is waited once.
  twelvelabs = await startFakeTwelveLabs({ indexingStatuses: ["ready"] });
  gemini = await startFakeGemini({ groundOnPrompt: true });
  cloudConfig = loadConfig({ ...fakeCloudEnv({ deepgram, twelvelabs, gemini }), WORKER_CONCURRENCY: "1" });
  const talk = await generateCloudTalk({ dir, name: "talk" });
  talkPath = talk.path;
}, 120_000);

afterAll(async () => {
  await Promise.all([deepgram, twelvelabs, gemini].map((f) => f?.stop()));
  await testDb?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function newUser(email: string): Promise<string> {
  const user = await testDb.db.insertInto("users").values({ email }).returning("id").executeTakeFirstOrThrow();
  return user.id;
}

/** Stores `path` as a new upload of `userId`, registered the way the API does (content hash included). */
async function upload(userId: string, path = talkPath): Promise<string> {
  const video = await testDb.db
    .insertInto("videos")
    .values({ userId, status: "queued", contentHash: await hashFile(path), contentType: "video/mp4" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const storageKey = originalVideoKey(userId, video.id);
  await storage.put(storageKey, createReadStream(path));
  await testDb.db.updateTable("videos").set({ storageKey }).where("id", "=", video.id).execute();
  return video.id;
}

/** Runs analyze-video for each video through a worker built as main.ts builds it, until each finishes. */
async function analyse(config: Config, videos: { videoId: string; userId: string }[]): Promise<void> {
  let providers: ReturnType<typeof selectProviders> | undefined;
  const runner = await startWorker({
    config,
    logger,
    databaseUrl: testDb.url,
    pollInterval: 100,
    taskList: createTaskList({
      config,
      db: testDb.db,
      storage,
      logger,
      providers: () => {
        providers ??= selectProviders({ config, db: testDb.db, logger });
        return providers;
      },
    }),
  });
  try {
    for (const v of videos) {
      await enqueueJob(testDb.db, { task: ANALYZE_VIDEO, payload: v, jobKey: v.videoId });
      const done = await waitUntil(
        async () => {
          const row = await testDb.db
            .selectFrom("videos")
            .select(["status", "errorMessage"])
            .where("id", "=", v.videoId)
            .executeTakeFirstOrThrow();
          return row.status === "complete" || row.errorMessage ? row : undefined;
        },
        { what: `video ${v.videoId} to be analysed`, timeoutMs: 120_000, intervalMs: 200 },
      );
      expect(done).toEqual({ status: "complete", errorMessage: null });
    }
  } finally {
    await runner.stop();
  }
}

/** A video's stored analysis in the shape the results API serves. */
async function storedResult(videoId: string) {
  const a = await testDb.db.selectFrom("analyses").selectAll().where("videoId", "=", videoId).executeTakeFirstOrThrow();
  const metrics = await testDb.db
    .selectFrom("analysisMetrics")
    .selectAll()
    .where("analysisId", "=", a.id)
    .orderBy("name")
    .execute();
  const flags = await testDb.db
    .selectFrom("dissonanceFlags")
    .select(["type", "startSeconds as start", "endSeconds as end", "severity", "confidence", "evidence", "tip"])
    .where("analysisId", "=", a.id)
    .orderBy("startSeconds")
    .execute();
  return {
    analysisId: a.id,
    providers: a.providers as Record<string, string>,
    result: {
      coherenceScore: a.coherenceScore,
      scoreTier: a.scoreTier,
      durationSeconds: a.durationSeconds,
      heatmap: a.heatmap,
      report: a.report,
      transcript: a.transcript,
      metrics: metrics.map((m) => ({
        name: m.name,
        value: m.value,
        unit: m.unit,
        ...(m.bandLow !== null || m.bandHigh !== null ? { band: { low: m.bandLow, high: m.bandHigh } } : {}),
        ...(m.rating ? { rating: m.rating } : {}),
        ...(m.details ? { details: m.details } : {}),
      })),
      flags,
    },
  };
}

/** Metrics a face tracker measures per frame; under TwelveLabs they come from Pegasus's description. */
const FRAME_METRICS = [
  "emotionDistribution",
  "eyeContactShare",
  "fidgetingShare",
  "incorrectCameraDistanceOccurrencesCount",
  "lostEyeContactOccurrencesCount",
  "obstructedViewOccurrencesCount",
];

const requestCounts = () => [deepgram, twelvelabs, gemini].map((f) => f.requests.length);

describe("the analyze-video job with the three cloud providers", () => {
  let cloudUser: string;
  let firstVideo: string;

  it("gives the same result shape as the local path, books each provider's cost on the analysis", async () => {
    const localUser = await newUser("local@example.test");
    const localVideo = await upload(localUser);
    await analyse(loadConfig({ WORKER_CONCURRENCY: "1" }), [{ videoId: localVideo, userId: localUser }]);
    const local = await storedResult(localVideo);
    expect(local.providers).toEqual({ speech: "pocketsphinx", vision: "human", coaching: "rule-based" });
    expect(requestCounts()).toEqual([0, 0, 0]);

    cloudUser = await newUser("cloud@example.test");
    firstVideo = await upload(cloudUser);
    await analyse(cloudConfig, [{ videoId: firstVideo, userId: cloudUser }]);
    const cloud = await storedResult(firstVideo);
    expect(cloud.providers).toEqual({ speech: "deepgram", vision: "twelvelabs", coaching: "gemini" });

    // One schema validates both; the same fields at the top, in the report and in the transcript.
    const localParsed = ZAnalysisResult.parse(local.result);
    const cloudParsed = ZAnalysisResult.parse(cloud.result);
    expect(Object.keys(cloud.result).sort()).toEqual(Object.keys(local.result).sort());
    expect(cloudParsed.report.provider).toBe("gemini");
    expect(cloudParsed.report.fallbackReason).toBeUndefined();
    expect(Object.keys(cloudParsed.report).sort()).toEqual(Object.keys(localParsed.report).sort());
    expect(Object.keys(cloudParsed.transcript).sort()).toEqual(
      expect.arrayContaining(Object.keys(localParsed.transcript).sort()),
    );
    // Metrics: the same keys. The per-frame visual ones are there although TwelveLabs returns
    // no frames: they are estimated from Pegasus's delivery description, and say so.
    expect(cloudParsed.metrics.map((m) => m.name)).toEqual(localParsed.metrics.map((m) => m.name));
    const estimated = cloudParsed.metrics.filter((m) => m.details?.estimatedBy !== undefined);
    expect(estimated.map((m) => m.name).sort()).toEqual(FRAME_METRICS);
    expect(new Set(estimated.map((m) => m.details?.estimatedBy))).toEqual(new Set(["twelvelabs:pegasus-description"]));
    expect(localParsed.metrics.some((m) => m.details?.estimatedBy !== undefined)).toBe(false);
    const metric = (name: string) => cloudParsed.metrics.find((m) => m.name === name);
    // The fake describes a look down at 1–3.5 s and the face too close at 2.5–5.6 s.
    expect(metric("lostEyeContactOccurrencesCount")?.value).toBe(1);
    expect(metric("incorrectCameraDistanceOccurrencesCount")?.value).toBe(1);
    expect(metric("obstructedViewOccurrencesCount")?.value).toBe(0);
    expect(metric("emotionDistribution")).toMatchObject({ value: 30, details: { dominant: "neutral" } });
    expect(metric("eyeContactShare")?.value).toBeGreaterThan(0);
    expect(metric("eyeContactShare")?.value).toBeLessThan(100);
    expect(cloudParsed.heatmap.bins.length).toBeGreaterThan(0);
    // Deepgram's fake words made it through fusion into the stored transcript.
    expect(cloudParsed.transcript.words.map((w) => w.word)).toContain("launch");

    // Every usage row of the cloud run is linked to its analysis; each cloud provider cost money.
    const rows = await testDb.db.selectFrom("providerUsage").selectAll().where("videoId", "=", firstVideo).execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.analysisId === cloud.analysisId)).toBe(true);
    const cost = await getAnalysisCost({ db: testDb.db, videoId: firstVideo });
    expect(cost.byProvider.map((p) => p.provider)).toEqual(["deepgram", "gemini", "twelvelabs"]);
    for (const p of cost.byProvider) expect(p.costUsd, p.provider).toBeGreaterThan(0);
    expect(cost.totalUsd).toBeGreaterThan(0);
    // The local run is booked too, at $0: its latency still counts in experiment comparisons.
    const localCost = await getAnalysisCost({ db: testDb.db, videoId: localVideo });
    expect(localCost.byProvider.map((p) => p.provider)).toEqual(["human", "pocketsphinx", "rule-based"]);
    expect(localCost.totalUsd).toBe(0);
  }, 240_000);

  it("a second upload of the same file costs $0 and calls no provider", async () => {
    const before = requestCounts();
    const secondVideo = await upload(cloudUser);
    await analyse(cloudConfig, [{ videoId: secondVideo, userId: cloudUser }]);
    expect(requestCounts()).toEqual(before);
    const [first, second] = [await storedResult(firstVideo), await storedResult(secondVideo)];
    expect(second.analysisId).not.toBe(first.analysisId);
    expect(second.result).toEqual(first.result);
    const cost = await getAnalysisCost({ db: testDb.db, videoId: secondVideo });
    expect(cost.totalUsd).toBe(0);
    expect(cost.byProvider.map((p) => p.provider)).toEqual(["deepgram", "gemini", "twelvelabs"]);
    expect(cost.byProvider.every((p) => p.calls > 0 && p.cachedCalls === p.calls)).toBe(true);
  }, 120_000);

  it("another user's upload of the same file runs the pipeline on the provider caches, at $0", async () => {
    const before = requestCounts();
    const user = await newUser("colleague@example.test");
    const video = await upload(user);
    await analyse(cloudConfig, [{ videoId: video, userId: user }]);
    expect(requestCounts()).toEqual(before);
    const cost = await getAnalysisCost({ db: testDb.db, videoId: video });
    expect(cost.totalUsd).toBe(0);
    expect(cost.byProvider.every((p) => p.cachedCalls === p.calls)).toBe(true);
    expect((await storedResult(video)).result).toEqual((await storedResult(firstVideo)).result);
  }, 120_000);

  it("a 100% speech experiment runs its arm's provider and records the arm; an admin override wins", async () => {
    const experiment = await testDb.db
      .insertInto("experiments")
      .values({
        key: "speech-local",
        stage: "transcribe",
        controlProvider: "deepgram",
        treatmentProvider: "pocketsphinx",
        treatmentPercent: 100,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const user = await newUser("experiment@example.test");
    const video = await upload(user);
    const deepgramCalls = deepgram.requests.length;
    await analyse(cloudConfig, [{ videoId: video, userId: user }]);
    expect((await storedResult(video)).providers.speech).toBe("pocketsphinx");
    expect(deepgram.requests.length).toBe(deepgramCalls);
    const arm = await testDb.db
      .selectFrom("analysisExperimentArms")
      .select(["arm", "provider"])
      .where("videoId", "=", video)
      .executeTakeFirstOrThrow();
    expect(arm).toEqual({ arm: "treatment", provider: "pocketsphinx" });
    const usage = await getAnalysisCost({ db: testDb.db, videoId: video });
    expect(usage.byProvider.map((p) => p.provider)).toContain("pocketsphinx");
    expect(usage.byProvider.map((p) => p.provider)).not.toContain("deepgram");

    // The admin moves the user to control: the next analysis runs Deepgram. A re-muxed copy
    // (other bytes, same audio) so that it is not served by the content-hash reuse.
    await testDb.db
      .updateTable("experimentAssignments")
      .set({ arm: "control", source: "admin" })
      .where("experimentId", "=", experiment.id)
      .where("userId", "=", user)
      .execute();
    const remuxed = join(dir, "remuxed.mp4");
    await run("ffmpeg", ["-y", "-v", "error", "-i", talkPath, "-c", "copy", "-metadata", "title=again", remuxed]);
    const again = await upload(user, remuxed);
    await analyse(cloudConfig, [{ videoId: again, userId: user }]);
    expect((await storedResult(again)).providers.speech).toBe("deepgram");
    expect(
      await testDb.db
        .selectFrom("analysisExperimentArms")
        .select(["arm", "provider"])
        .where("videoId", "=", again)
        .executeTakeFirstOrThrow(),
    ).toEqual({ arm: "control", provider: "deepgram" });
  }, 240_000);
});
