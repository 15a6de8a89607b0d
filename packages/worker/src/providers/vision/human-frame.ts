import { EMOTIONS, type TEmotion, type TVisualFrame } from "@coherence/shared";
import type { Result } from "@vladmandic/human";
import { DEFAULT_ON_CAMERA_MAX_DEGREES, DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES, headAndGaze } from "./gaze";

// The provider options read the on-camera limits from here (human.ts).
export { DEFAULT_ON_CAMERA_MAX_DEGREES, DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES };

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

const HAND_PARTS = [
  "wrist",
  ...["thumb", "index", "middle", "ring", "pinky"].flatMap((f) => [1, 2, 3, 4].map((n) => `${f}${n}`)),
];

/** Emotion scores as a distribution over the seven emotions (sums to 1). */
export function emotionDistribution(
  scores: { score: number; emotion: string }[] | undefined,
): Partial<Record<TEmotion, number>> | undefined {
  if (!scores || scores.length === 0) return undefined;
  const raw = Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as Record<TEmotion, number>;
  for (const s of scores) {
    if ((EMOTIONS as readonly string[]).includes(s.emotion)) raw[s.emotion as TEmotion] += Math.max(0, s.score);
  }
  const total = Object.values(raw).reduce((a, b) => a + b, 0);
  if (total <= 0) return undefined;
  return Object.fromEntries(EMOTIONS.map((e) => [e, round(raw[e] / total, 4)])) as Record<TEmotion, number>;
}

/**
 * Beyond this share of the face box's height (or width) outside the picture, the face is cut off
 * and its emotions are dropped: Human's emotion model then sees a padded band where the forehead or
 * chin should be. Human's box is the face with a wide margin, so a whole face in a close-up already
 * reaches 15–21 % beyond the top edge (the benchmark's smiling close-up reads happy 0.84–0.99 at
 * 21 %); a face whose box leaves the picture by half read noise.
 */
export const MAX_FACE_OUTSIDE_SHARE = 1 / 3;

/** Where the analysed picture lies inside the image Human saw, in that image's pixels (a letterboxed copy has margins). */
export type PictureRect = { x: number; y: number; width: number; height: number };

type Box = { x: number; y: number; width: number; height: number };

/** The largest share of the box's width or height that lies outside the unit square. */
export function outsideShare(box: Box): number {
  const out = (start: number, size: number) =>
    size > 0 ? (Math.max(0, -start) + Math.max(0, start + size - 1)) / size : 0;
  return Math.max(out(box.x, box.width), out(box.y, box.height));
}

/**
 * Maps one Human result to a visual frame: coordinates normalised to 0–1 of
 * the analysed picture, angles in degrees. `width`/`height` are the pixel
 * size of the image Human saw; `picture` is where the analysed picture lies in
 * it (default: all of it; a letterboxed copy puts it inside margins).
 */
export function toVisualFrame(opts: {
  t: number;
  result: Result;
  width: number;
  height: number;
  picture?: PictureRect;
  /** Sideways limit for eye contact (default DEFAULT_ON_CAMERA_MAX_DEGREES). */
  onCameraMaxDegrees?: number;
  /** Vertical limit (default DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES). */
  onCameraMaxPitchDegrees?: number;
}): TVisualFrame {
  const { result, width, height } = opts;
  const pic = opts.picture ?? { x: 0, y: 0, width, height };
  // Pixel coordinates of the image Human saw → 0–1 of the picture.
  const nx = (px: number) => round((px - pic.x) / pic.width);
  const ny = (py: number) => round((py - pic.y) / pic.height);
  const face = [...result.face].sort((a, b) => b.score - a.score)[0];
  const frame: TVisualFrame = { t: round(opts.t), facePresent: Boolean(face) };
  if (face) {
    const [x, y, w, h] = face.boxRaw;
    const box = {
      x: nx(x * width),
      y: ny(y * height),
      width: round((w * width) / pic.width),
      height: round((h * height) / pic.height),
    };
    const clipped = outsideShare(box) > MAX_FACE_OUTSIDE_SHARE;
    frame.face = {
      ...box,
      confidence: round(Math.min(1, Math.max(0, face.score))),
      ...(clipped ? { clipped } : {}),
    };
    Object.assign(
      frame,
      headAndGaze(face, {
        yaw: opts.onCameraMaxDegrees ?? DEFAULT_ON_CAMERA_MAX_DEGREES,
        pitch: opts.onCameraMaxPitchDegrees ?? DEFAULT_ON_CAMERA_MAX_PITCH_DEGREES,
      }),
    );
    const emotions = clipped ? undefined : emotionDistribution(face.emotion);
    if (emotions) frame.emotions = emotions;
  }
  const body = [...result.body].sort((a, b) => b.score - a.score)[0];
  if (body && body.keypoints.length > 0) {
    frame.body = body.keypoints.map((k) => ({
      part: k.part,
      x: nx(k.positionRaw[0] * width),
      y: ny(k.positionRaw[1] * height),
      score: round(k.score),
    }));
  }
  if (result.hand.length > 0) {
    frame.hands = result.hand.map((hand) =>
      hand.keypoints.map((p, i) => ({
        part: HAND_PARTS[i] ?? `p${i}`,
        x: nx(p[0]),
        y: ny(p[1]),
        score: round(hand.score),
      })),
    );
  }
  const gestures = [...new Set(result.gesture.map((g) => g.gesture as string))];
  if (gestures.length > 0) frame.gestures = gestures;
  return frame;
}
