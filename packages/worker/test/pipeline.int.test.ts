// The whole pipeline on generated talks whose ground truth is known by construction:
// real ffmpeg extraction, the real Human vision provider, real audio features, fusion
// and rule-based coaching. Speech uses the script's own transcript, because pocketsphinx
// mishears espeak's voice too often for word-level assertions (documentation/speech.md).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, setThresholds } from "@coherence/core";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SpeechScriptStep } from "../src/demo/speech";
import { type FacePlan, type GeneratedTalk, generateTalk } from "../src/demo/talk";
import { analyzeMedia, type MediaAnalysis } from "../src/pipeline/analyze-media";
import { createPipelineDeps } from "../src/pipeline/create-deps";
import { persistAnalysis } from "../src/pipeline/persist";
import { rescoreAnalysis } from "../src/pipeline/rescore";
import { createRuleBasedCoachingProvider } from "../src/providers/coaching/rule-based";
import { createFakeSpeechProvider } from "../src/providers/speech/fake";
import { createHumanVisionProvider } from "../src/providers/vision/human";

const logger = createLogger({ level: "silent" });
const vision = createHumanVisionProvider();
let dir: string;

const makeTalk = (name: string, script: SpeechScriptStep[], faces: FacePlan) =>
  generateTalk({ dir, name, script, faces });

async function analyze(talk: GeneratedTalk): Promise<MediaAnalysis> {
  const deps = await createPipelineDeps({
    providers: {
      speech: createFakeSpeechProvider({ transcript: talk.transcript }),
      vision,
      coaching: createRuleBasedCoachingProvider(),
    },
    logger,
  });
  return await analyzeMedia({ videoPath: talk.path, deps, fps: 2, signal: new AbortController().signal });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-pipeline-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the analysis pipeline on generated talks", () => {
  it("flags gaze avoidance when the presenter leaves the frame during the key claim", async () => {
    const talk = await makeTalk(
      "gaze",
      [
        { say: "Good morning everyone. Thank you for joining us today." },
        { silence: 0.4 },
        { say: "This is the key point: our customers need this product now." },
        { silence: 0.4 },
        { say: "Thank you, and have a good day." },
      ],
      (spoken, duration) => {
        const claim = spoken[1]!;
        return [
          { start: 0, end: claim.start, kind: "still" },
          { start: claim.start, end: claim.end, kind: "absent" },
          { start: claim.end, end: duration, kind: "still" },
        ];
      },
    );
    const result = await analyze(talk);
    const claim = talk.spoken[1]!;
    const gaze = result.flags.filter((f) => f.type === "GAZE_AVOIDANCE");
    expect(gaze.length, JSON.stringify(result.flags)).toBeGreaterThan(0);
    expect(gaze.some((f) => f.start < claim.end && f.end > claim.start)).toBe(true);
    // The face was seen outside the claim and not during it.
    const inClaim = result.visual.frames.filter((f) => f.t > claim.start + 0.5 && f.t < claim.end - 0.5);
    expect(inClaim.every((f) => !f.facePresent)).toBe(true);
    expect(result.heatmap.bins.some((b) => b > 0)).toBe(true);
    expect(result.coherenceScore).toBeGreaterThanOrEqual(0);
    expect(result.report.summary.length).toBeGreaterThan(0);
  });

  it("raises no gaze, fidgeting or emotion flags on a calm, consistent talk", async () => {
    const talk = await makeTalk(
      "calm",
      [
        { say: "Today I will walk you through our plan for the next quarter." },
        { silence: 0.4 },
        { say: "We will review the budget and the schedule together." },
      ],
      (_spoken, duration) => [{ start: 0, end: duration, kind: "still" }],
    );
    const result = await analyze(talk);
    const types = new Set(result.flags.map((f) => f.type));
    expect(types.has("GAZE_AVOIDANCE")).toBe(false);
    expect(types.has("NERVOUS_FIDGETING")).toBe(false);
    expect(types.has("EMOTIONAL_MISMATCH")).toBe(false);
    expect(result.visual.frames.filter((f) => f.facePresent).length).toBeGreaterThan(result.visual.frames.length * 0.8);
  });
});

describe("persisting an analysis", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb?.destroy();
  });

  it("writes one analysis with its flags and metrics, and replaces it when run twice", async () => {
    // The presenter is seen first, then steps out for the key point (a picture with no presenter
    // at all gets no visual flag).
    const talk = await makeTalk(
      "persist",
      [{ say: "Good morning everyone." }, { silence: 0.4 }, { say: "This is the key point of the talk." }],
      (spoken, d) => [
        { start: 0, end: spoken[1]!.start, kind: "still" },
        { start: spoken[1]!.start, end: d, kind: "absent" },
      ],
    );
    const result = await analyze(talk);
    const user = await testDb.db
      .insertInto("users")
      .values({ email: "p@example.test" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const video = await testDb.db
      .insertInto("videos")
      .values({ userId: user.id, status: "processing" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await persistAnalysis(testDb.db, video.id, result);
    await persistAnalysis(testDb.db, video.id, result);
    const analyses = await testDb.db.selectFrom("analyses").selectAll().where("videoId", "=", video.id).execute();
    expect(analyses).toHaveLength(1);
    const flags = await testDb.db
      .selectFrom("dissonanceFlags")
      .select("type")
      .where("analysisId", "=", analyses[0]!.id)
      .execute();
    expect(flags).toHaveLength(result.flags.length);
    const metrics = await testDb.db
      .selectFrom("analysisMetrics")
      .select("name")
      .where("analysisId", "=", analyses[0]!.id)
      .execute();
    expect(metrics).toHaveLength(result.metrics.length);
    const after = await testDb.db
      .selectFrom("videos")
      .select(["status", "progress"])
      .where("id", "=", video.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: "complete", progress: 100 });

    // Re-scoring from the stored raw events with unchanged thresholds reproduces the flags…
    const analysisId = analyses[0]!.id;
    const same = await rescoreAnalysis(testDb.db, analysisId);
    expect(same.flags).toBe(result.flags.length);
    // …and a stricter threshold removes the gaze flags without any provider call.
    expect(result.flags.some((f) => f.type === "GAZE_AVOIDANCE")).toBe(true);
    // (Its events are fully confident, so demand a cluster longer than the talk.)
    await setThresholds(testDb.db, { type: "GAZE_AVOIDANCE", values: { minDurationSeconds: 60 } });
    await rescoreAnalysis(testDb.db, analysisId);
    const gazeLeft = await testDb.db
      .selectFrom("dissonanceFlags")
      .select("type")
      .where("analysisId", "=", analysisId)
      .where("type", "=", "GAZE_AVOIDANCE")
      .execute();
    expect(gazeLeft).toEqual([]);
    const rescored = await testDb.db
      .selectFrom("analyses")
      .select("rescoredAt")
      .where("id", "=", analysisId)
      .executeTakeFirstOrThrow();
    expect(rescored.rescoredAt).toBeInstanceOf(Date);
  });
});
