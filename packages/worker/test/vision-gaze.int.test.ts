// Calibration of "gaze on camera" on generated presenters whose gaze is known by
// construction: the frontal photo looks into the camera, the glancing one has her
// head turned about 20° with the eyes to the side; each also mirrored, so that a
// bias toward one side would show. Still and shaken (the estimate must not
// depend on the face standing still), and an empty frame has no gaze at all.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@coherence/core";
import type { TVisualFrame } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHumanVisionProvider } from "../src/providers/vision/human";
import { generateTalkVideo, type Presenter } from "./fixtures/video";

const logger = createLogger({ level: "silent" });
const vision = createHumanVisionProvider({ handsEveryNthFrame: 0 });
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-gaze-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 0–4 s still, 4–8 s shaken, 8–10 s nobody; sampled at 2 fps. */
async function framesOf(presenter: Presenter, mirror: boolean): Promise<TVisualFrame[]> {
  const path = join(dir, `${presenter}-${mirror}.mp4`);
  await generateTalkVideo({
    path,
    presenter,
    mirror,
    segments: [
      { start: 0, end: 4, kind: "still" },
      { start: 4, end: 8, kind: "jitter" },
      { start: 8, end: 10, kind: "absent" },
    ],
  });
  const timeline = await vision.analyze({
    videoPath: path,
    durationSeconds: 10,
    fps: 2,
    signal: new AbortController().signal,
    logger,
  });
  return timeline.frames;
}

const onCameraShare = (frames: TVisualFrame[]) => {
  const withGaze = frames.filter((f) => f.gaze);
  expect(withGaze.length).toBeGreaterThanOrEqual(12);
  return withGaze.filter((f) => f.gaze?.onCamera).length / withGaze.length;
};

describe("gaze on camera, calibrated on generated presenters", () => {
  for (const mirror of [false, true]) {
    const side = mirror ? "mirrored" : "as photographed";
    it(`is on camera most of the time for a presenter looking into the camera (${side})`, async () => {
      const frames = await framesOf("frontal", mirror);
      const share = onCameraShare(frames.filter((f) => f.t < 7.6));
      expect(share).toBeGreaterThanOrEqual(0.8);
      expect(frames.filter((f) => f.t >= 8.5).every((f) => !f.facePresent && !f.gaze)).toBe(true);
    }, 120_000);

    it(`is mostly off camera for a presenter with the head turned about 20° (${side})`, async () => {
      const frames = await framesOf("glancing", mirror);
      const share = onCameraShare(frames.filter((f) => f.t < 7.6));
      expect(share).toBeLessThanOrEqual(0.25);
      // The head turn is seen, on opposite sides in the photo and its mirror image.
      const yaws = frames.filter((f) => f.head).map((f) => f.head?.yaw ?? 0);
      const meanYaw = yaws.reduce((a, b) => a + b, 0) / yaws.length;
      expect(mirror ? -meanYaw : meanYaw).toBeGreaterThan(12);
    }, 120_000);
  }
});
