import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getAnalysisCost } from "@coherence/core";
import { createLogger, createTestDatabase, loadConfig, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findReusableAnalysis, purgeExpiredResponses } from "../src/providers/cache";
import { createCloudProviders, withAnalysisUsage } from "../src/providers/cloud-providers";
import { linkUsageToAnalysis } from "../src/providers/usage-recorder";
import { fakeCloudEnv } from "./fakes/cloud-env";
import { coachingInput as input, stubRuleBased as ruleBased } from "./fakes/coaching-input";
import { DEEPGRAM_LISTEN, startFakeDeepgram } from "./fakes/deepgram";
import type { FakeHttpServer } from "./fakes/fake-server";
import { GEMINI_GENERATE, startFakeGemini } from "./fakes/gemini";
import { startFakeTwelveLabs, TL } from "./fakes/twelvelabs";

const logger = createLogger({ level: "silent" });
let testDb: TestDatabase;
let fakes: FakeHttpServer[];
let dir: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  fakes = [await startFakeDeepgram(), await startFakeTwelveLabs(), await startFakeGemini()];
  dir = mkdtempSync(join(tmpdir(), "cloud-cost-"));
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  await testDb.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function newVideo(userId: string) {
  const video = await testDb.db
    .insertInto("videos")
    .values({ userId, status: "processing", contentHash: "same-bytes" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return video.id;
}

describe("cost recording and caches across the three cloud providers", () => {
  it("books the first run at a cost, and a second run of the same files at $0 without calling anyone", async () => {
    const [deepgram, twelvelabs, gemini] = fakes as [FakeHttpServer, FakeHttpServer, FakeHttpServer];
    const config = loadConfig(fakeCloudEnv({ deepgram, twelvelabs, gemini }));
    const cloud = createCloudProviders({ config, db: testDb.db, logger, poll: { initialDelayMs: 10, maxDelayMs: 20 } });
    expect(cloud.speech?.name).toBe("deepgram");
    expect(cloud.vision?.name).toBe("twelvelabs");
    const coaching = cloud.coaching!(ruleBased);
    expect(coaching.name).toBe("gemini");

    const audioPath = join(dir, "audio.wav");
    const videoPath = join(dir, "talk.mp4");
    writeFileSync(audioPath, Buffer.alloc(8000, 3));
    writeFileSync(videoPath, Buffer.alloc(8000, 4));
    const user = await testDb.db
      .insertInto("users")
      .values({ email: "c@example.com" })
      .returning("id")
      .executeTakeFirstOrThrow();

    async function analyse(videoId: string) {
      const p = withAnalysisUsage(
        { speech: cloud.speech!, vision: cloud.vision!, coaching },
        { db: testDb.db, prices: config.PROVIDER_PRICES, videoId, logger },
      );
      const signal = new AbortController().signal;
      const transcript = await p.speech.transcribe({ audioPath, durationSeconds: 60, signal, logger });
      const timeline = await p.vision.analyze({ videoPath, durationSeconds: 60, fps: 2, signal, logger });
      const report = await p.coaching.generate({ input, signal, logger });
      return { transcript, timeline, report };
    }

    const firstVideo = await newVideo(user.id);
    const first = await analyse(firstVideo);
    const calls = fakes.map((f) => f.requests.length);
    const firstCost = await getAnalysisCost({ db: testDb.db, videoId: firstVideo });
    expect(firstCost.totalUsd).toBeGreaterThan(0);
    expect(firstCost.byProvider.map((p) => p.provider)).toEqual(["deepgram", "gemini", "twelvelabs"]);
    // Deepgram: 2.5 audio seconds in the fake's metadata at the configured per-minute price.
    const dg = firstCost.byProvider.find((p) => p.provider === "deepgram")!;
    expect(dg.costUsd).toBeCloseTo((2.5 / 60) * config.PROVIDER_PRICES["deepgram.audio_minute"]!, 6);

    const secondVideo = await newVideo(user.id);
    const second = await analyse(secondVideo);
    expect(fakes.map((f) => f.requests.length)).toEqual(calls);
    expect(second).toEqual(first);
    const secondCost = await getAnalysisCost({ db: testDb.db, videoId: secondVideo });
    expect(secondCost.totalUsd).toBe(0);
    expect(secondCost.byProvider.every((p) => p.calls === p.cachedCalls && p.calls > 0)).toBe(true);
    expect(deepgram.countOf("POST", DEEPGRAM_LISTEN)).toBe(1);
    expect(twelvelabs.countOf("POST", TL.analyze)).toBe(1);
    expect(gemini.countOf("POST", GEMINI_GENERATE)).toBe(1);

    // Once the analysis row exists, its usage is linked to it.
    const analysis = await testDb.db
      .insertInto("analyses")
      .values({ videoId: firstVideo, coherenceScore: 72, scoreTier: "Proficient" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await linkUsageToAnalysis({ db: testDb.db, videoId: firstVideo, analysisId: analysis.id })).toBeGreaterThan(
      0,
    );
    await testDb.db.updateTable("videos").set({ status: "complete" }).where("id", "=", firstVideo).execute();
    expect(
      await findReusableAnalysis({
        db: testDb.db,
        userId: user.id,
        contentHash: "same-bytes",
        excludeVideoId: secondVideo,
      }),
    ).toEqual({ videoId: firstVideo, analysisId: analysis.id });
  });

  it("books failed calls with their error kind and no cost", async () => {
    const [deepgram] = fakes as [FakeHttpServer];
    const config = loadConfig({ DEEPGRAM_API_KEY: "bad-key-123", DEEPGRAM_BASE_URL: deepgram.url });
    const cloud = createCloudProviders({ config, db: testDb.db, logger });
    const user = await testDb.db
      .insertInto("users")
      .values({ email: "f@example.com" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const videoId = await newVideo(user.id);
    const audioPath = join(dir, "other.wav");
    writeFileSync(audioPath, Buffer.alloc(100, 9));
    const { speech } = withAnalysisUsage(
      { speech: cloud.speech!, vision: cloud.speech as never, coaching: ruleBased },
      { db: testDb.db, prices: config.PROVIDER_PRICES, videoId, logger },
    );
    await expect(
      speech.transcribe({ audioPath, durationSeconds: 1, signal: new AbortController().signal, logger }),
    ).rejects.toMatchObject({ kind: "configuration" });
    const rows = await testDb.db.selectFrom("providerUsage").selectAll().where("videoId", "=", videoId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: "deepgram", succeeded: false, errorKind: "configuration", costUsd: 0 });
  });

  it("expired cache rows are misses and get purged", async () => {
    await testDb.db
      .insertInto("providerResponseCache")
      .values({
        fingerprint: "old",
        provider: "x",
        operation: "y",
        response: "{}",
        expiresAt: new Date(Date.now() - 1000),
      })
      .execute();
    expect(await purgeExpiredResponses(testDb.db)).toBe(1);
  });
});
