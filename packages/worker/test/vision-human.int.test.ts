import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@coherence/core";
import { AppError, type TVisualTimeline, ZVisualTimeline } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateTalkVideo, STANDARD_SEGMENTS } from "../src/demo/video";
import { createHumanVisionProvider } from "../src/providers/vision/human";
import { loadHumanEngine } from "../src/providers/vision/human-runtime";

const logger = createLogger({ level: "silent" });
let dir: string;
let video: string;
let timeline: TVisualTimeline;
/** The same talk with the body model on every frame (`bodyStillEvery: 1`). */
let everyFrame: TVisualTimeline;
let tensorsAfterFirstRun: number;
const progress: number[] = [];

const framesIn = (from: number, to: number) => timeline.frames.filter((f) => f.t >= from && f.t <= to);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-vision-"));
  video = join(dir, "talk.mp4");
  // 0–3 s still face, 3–5 s nobody, 5–8 s face shaking, 8–10 s presenter slid out of frame.
  await generateTalkVideo({ path: video, segments: STANDARD_SEGMENTS });
  const provider = createHumanVisionProvider();
  timeline = await provider.analyze({
    videoPath: video,
    durationSeconds: 10,
    fps: 2,
    signal: new AbortController().signal,
    logger,
    onProgress: (p) => progress.push(p),
  });
  tensorsAfterFirstRun = (await loadHumanEngine()).human.tf.memory().numTensors;
  everyFrame = await createHumanVisionProvider({ bodyStillEvery: 1 }).analyze({
    videoPath: video,
    durationSeconds: 10,
    fps: 2,
    signal: new AbortController().signal,
    logger,
  });
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("Human vision provider on a generated talk", () => {
  it("returns a valid timeline with one frame per half second", () => {
    expect(ZVisualTimeline.parse(timeline)).toBeTruthy();
    expect(timeline.provider).toBe("human");
    expect(timeline.frames).toHaveLength(20);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("finds the face where it is and not where the presenter left", () => {
    const still = framesIn(0, 2.5);
    const shaking = framesIn(5.5, 7.5);
    const empty = framesIn(3.5, 4.5);
    const outOfFrame = framesIn(8.5, 9.5);
    expect(still.length + shaking.length).toBe(11);
    expect([...still, ...shaking].every((f) => f.facePresent)).toBe(true);
    expect(empty.length + outOfFrame.length).toBe(6);
    expect([...empty, ...outOfFrame].every((f) => !f.facePresent)).toBe(true);
  });

  it("records framing, head pose, gaze and body keypoints on face frames", () => {
    for (const f of everyFrame.frames.filter((x) => x.t <= 2.5)) {
      // The presenter is centred and about half the frame tall.
      expect(f.face!.x + f.face!.width / 2).toBeGreaterThan(0.35);
      expect(f.face!.x + f.face!.width / 2).toBeLessThan(0.65);
      expect(f.face!.height).toBeGreaterThan(0.3);
      expect(f.head).toBeDefined();
      expect(Math.abs(f.head!.yaw)).toBeLessThan(60);
      expect(f.gaze).toBeDefined();
      expect(f.body!.some((k) => k.part === "leftShoulder" && k.score > 0.3)).toBe(true);
    }
  });

  it("runs the body model on one pair of frames in four while the presenter is still, by default", () => {
    const still = framesIn(0, 2.5);
    expect(still.map((f) => Boolean(f.body?.length))).toEqual([true, true, false, false, true, true]);
    for (const f of still) {
      expect(f.head).toBeDefined();
      expect(f.gaze).toBeDefined();
    }
    // The shaking face moves between every pair, so the body model runs on every one of its frames.
    expect(framesIn(5.5, 7.5).every((f) => f.body?.some((k) => k.part === "leftShoulder" && k.score > 0.3))).toBe(true);
  });

  it("gives an emotion distribution that sums to 1", () => {
    const withEmotions = timeline.frames.filter((f) => f.emotions);
    expect(withEmotions.length).toBeGreaterThanOrEqual(11);
    for (const f of withEmotions) {
      expect(Object.values(f.emotions!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    }
  });

  it("measures more motion energy in the shaking segment than in the still one", () => {
    const still = timeline.motion.find((w) => w.start === 0)!;
    const shaking = timeline.motion.find((w) => w.start === 6)!;
    expect(still.energy).toBeLessThan(0.1);
    expect(shaking.energy).toBeGreaterThan(0.3);
    expect(shaking.energy).toBeGreaterThan(still.energy * 3);
  });

  it("stops when the signal aborts", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled by test");
    let calls = 0;
    const started = Date.now();
    await expect(
      createHumanVisionProvider().analyze({
        videoPath: video,
        durationSeconds: 10,
        fps: 2,
        signal: controller.signal,
        logger,
        onProgress: () => {
          calls += 1;
          if (calls === 2) controller.abort(reason);
        },
      }),
    ).rejects.toBe(reason);
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeLessThan(30_000);
    // Frames analysed before the abort released their tensors (no leak across runs).
    expect((await loadHumanEngine()).human.tf.memory().numTensors).toBe(tensorsAfterFirstRun);
  });

  it("fails with a clear error when the models folder is wrong", async () => {
    const missing = createHumanVisionProvider({ modelsPath: join(dir, "no-models-here") });
    const run = missing.analyze({
      videoPath: video,
      durationSeconds: 10,
      fps: 2,
      signal: new AbortController().signal,
      logger,
    });
    await expect(run).rejects.toBeInstanceOf(AppError);
    await expect(run).rejects.toThrow(/HUMAN_MODELS_PATH/);
    await expect(missing.warmup()).rejects.toThrow(/does not exist/);
  });
});
