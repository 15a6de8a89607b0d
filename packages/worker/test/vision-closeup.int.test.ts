// Emotion on close-ups (issue #12): a face that fills the frame's height, its box touching the top
// edge, was not found at all or read wrong, while the same face at a webcam's usual size read right.
// The faces are crops of @vladmandic/human's samples.jpg, checked by eye: a broad smile with teeth
// (the blonde woman in the group photo) and a closed-mouth, neutral face (the woman in the second
// thumbnail, head turned about 20°).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, runMediaTool } from "@coherence/core";
import { EMOTIONS, type TEmotion, type TVisualFrame } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FFMPEG_QUIET, humanSamplesJpg } from "../src/demo/video";
import { createHumanVisionProvider } from "../src/providers/vision/human";

const logger = createLogger({ level: "silent" });
const vision = createHumanVisionProvider({ handsEveryNthFrame: 0 });
let dir: string;

/** A face in samples.jpg: the crop (w:h:x:y) and where the face (hairline to chin) lies in it, as shares of its height. */
type Face = { crop: string; top: number; height: number };
const SMILING: Face = { crop: "160:190:250:460", top: 0.22, height: 0.395 };
const NEUTRAL: Face = { crop: "156:156:160:0", top: 0.08, height: 0.33 };
/** The man in the third thumbnail, whose close-up box reaches far beyond the picture. */
const SLIGHT_SMILE: Face = { crop: "156:156:372:0", top: 0.14, height: 0.24 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-closeup-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * 3 s of the face, still, in a 1280×720 video: `facePx` tall (hairline to chin) with the hairline
 * `topPx` from the top, centred sideways; analysed at 2 fps as the pipeline does.
 */
async function framesOf(face: Face, facePx: number, topPx: number): Promise<TVisualFrame[]> {
  const path = join(dir, `${face.crop.replaceAll(":", "-")}-${facePx}-${topPx}.mp4`);
  const scaled = Math.round(facePx / face.height / 2) * 2;
  const y = Math.round(topPx - face.top * scaled);
  await runMediaTool({
    args: [
      ...FFMPEG_QUIET,
      ...["-f", "lavfi", "-i", "color=c=0x5a6470:s=1280x720:r=10:d=3"],
      ...["-loop", "1", "-framerate", "10", "-i", humanSamplesJpg()],
      "-filter_complex",
      `[1:v]crop=${face.crop},scale=-2:${scaled}:flags=lanczos[f];[0:v][f]overlay=x=(W-w)/2:y=${y}:shortest=1,format=yuv420p[v]`,
      ...["-map", "[v]", "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", path],
    ],
  });
  const timeline = await vision.analyze({
    videoPath: path,
    durationSeconds: 3,
    fps: 2,
    signal: new AbortController().signal,
    logger,
  });
  return timeline.frames;
}

/** Mean emotion distribution over the frames that carry one, and its dominant emotion. */
function meanEmotions(frames: TVisualFrame[]) {
  const read = frames.filter((f) => f.emotions);
  const mean = Object.fromEntries(
    EMOTIONS.map((e) => [e, read.reduce((s, f) => s + (f.emotions?.[e] ?? 0), 0) / Math.max(1, read.length)]),
  ) as Record<TEmotion, number>;
  const dominant = EMOTIONS.reduce((a, b) => (mean[b] > mean[a] ? b : a));
  return { frames: read.length, mean, dominant };
}

describe("emotion on close-ups (face filling the frame's height)", () => {
  it("reads a smiling face at webcam size as happy (the reference)", async () => {
    const frames = await framesOf(SMILING, 150, 200);
    // About 200–240 px of face box in 720: a webcam's usual framing.
    expect(frames.every((f) => f.face && f.face.height * 720 > 180 && f.face.height * 720 < 260)).toBe(true);
    const read = meanEmotions(frames);
    expect(read.frames).toBe(6);
    expect(read.dominant).toBe("happy");
  }, 120_000);

  it("finds the same smiling face in a close-up touching the top edge and reads it as happy", async () => {
    const frames = await framesOf(SMILING, 560, 0);
    const faces = frames.filter((f) => f.face);
    expect(faces.length).toBeGreaterThanOrEqual(5);
    // A close-up: the box fills most of the height and reaches the top edge.
    for (const f of faces) {
      expect(f.face!.height).toBeGreaterThan(0.6);
      expect(f.face!.y).toBeLessThanOrEqual(0.02);
    }
    const read = meanEmotions(frames);
    expect(read.frames).toBeGreaterThanOrEqual(5);
    expect(read.dominant).toBe("happy");
    expect(read.mean.happy).toBeGreaterThan(0.5);
  }, 120_000);

  it("reads no emotion from a face cut off by the frame, and marks it clipped", async () => {
    // So large that Human's face box (the face with a margin) leaves the picture by more than a third.
    const frames = await framesOf(SLIGHT_SMILE, 800, -100);
    const faces = frames.filter((f) => f.face);
    expect(faces.length).toBeGreaterThan(0);
    for (const f of faces) {
      if (f.face!.clipped) expect(f.emotions).toBeUndefined();
    }
    expect(faces.filter((f) => f.face!.clipped).length).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it("does not read a neutral face in a close-up as angry, sad or afraid", async () => {
    const frames = await framesOf(NEUTRAL, 450, 0);
    const read = meanEmotions(frames);
    expect(["angry", "sad", "fear"]).not.toContain(read.dominant);
  }, 120_000);
});
