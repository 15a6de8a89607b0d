import type { TVisualFrame, TVisualTimeline } from "@coherence/shared";

export type MotionWindow = TVisualTimeline["motion"][number];

/** Keypoints that carry hand motion (wrists, elbows) versus the rest of the upper body (head, shoulders, hips). */
const HAND_PARTS = new Set(["leftWrist", "rightWrist", "leftElbow", "rightElbow"]);
const BODY_PARTS = new Set([
  "nose",
  "leftEye",
  "rightEye",
  "leftEar",
  "rightEar",
  "leftShoulder",
  "rightShoulder",
  "leftHip",
  "rightHip",
]);

/** Keypoints below this score are ignored. */
const MIN_KEYPOINT_SCORE = 0.3;
/**
 * Speed (body scales per second) that maps to energy 1 − 1/e ≈ 0.63. One
 * shoulder width per second is vigorous motion; a still speaker is near 0.
 */
const SPEED_SCALE = 1;
export const DEFAULT_MOTION_WINDOW_SECONDS = 2;

type Pt = { x: number; y: number };

/** Body scale in aspect-corrected units (x scaled by width/height): shoulder width, else face width. */
function bodyScale(frame: TVisualFrame, aspect: number): number | undefined {
  const l = frame.body?.find((k) => k.part === "leftShoulder" && k.score >= MIN_KEYPOINT_SCORE);
  const r = frame.body?.find((k) => k.part === "rightShoulder" && k.score >= MIN_KEYPOINT_SCORE);
  if (l && r) {
    const d = Math.hypot((l.x - r.x) * aspect, l.y - r.y);
    if (d > 0.01) return d;
  }
  if (frame.face) return Math.max(0.01, frame.face.width * aspect);
  return undefined;
}

function points(frame: TVisualFrame, parts: Set<string>, aspect: number): Map<string, Pt> {
  const out = new Map<string, Pt>();
  for (const k of frame.body ?? []) {
    if (parts.has(k.part) && k.score >= MIN_KEYPOINT_SCORE) out.set(k.part, { x: k.x * aspect, y: k.y });
  }
  return out;
}

/** Mean displacement of the keypoints seen in both frames, in body scales; undefined if none are shared. */
function meanDisplacement(a: Map<string, Pt>, b: Map<string, Pt>, scale: number): number | undefined {
  let sum = 0;
  let n = 0;
  for (const [part, p] of a) {
    const q = b.get(part);
    if (!q) continue;
    sum += Math.hypot(q.x - p.x, q.y - p.y);
    n += 1;
  }
  return n > 0 ? sum / n / scale : undefined;
}

/**
 * Keypoint speeds of one pair of frames, in body scales per second: hands (wrists, elbows) and body
 * (head, shoulders, hips); undefined where the two frames share no keypoint of that kind, or have no scale.
 */
export function pairSpeeds(opts: { prev: TVisualFrame; cur: TVisualFrame; aspect: number }) {
  const { prev, cur, aspect } = opts;
  const dt = cur.t - prev.t;
  const scale = bodyScale(prev, aspect) ?? bodyScale(cur, aspect);
  if (dt <= 0 || !scale) return { hands: undefined, body: undefined };
  const speed = (parts: Set<string>) => {
    const d = meanDisplacement(points(prev, parts, aspect), points(cur, parts, aspect), scale);
    return d === undefined ? undefined : d / dt;
  };
  return { hands: speed(HAND_PARTS), body: speed(BODY_PARTS) };
}

export const toEnergy = (speed: number) => Math.round((1 - Math.exp(-speed / SPEED_SCALE)) * 1000) / 1000;

/**
 * Motion energy of the hands (wrists, elbows) and the body (head, shoulders,
 * hips) over fixed windows, from the body keypoints of consecutive frames:
 * the mean keypoint speed in body scales (shoulder widths) per second, mapped
 * to 0–1 by 1 − exp(−speed). Scale-invariant, so a presenter near or far from
 * the camera reads the same. `energy` is the larger of the two. Windows with
 * no tracked body are left out rather than reported as still.
 */
export function computeMotion(opts: {
  frames: TVisualFrame[];
  /** Frame width / height of the analysed frames, to measure distances in square units. */
  aspect: number;
  windowSeconds?: number;
  /** Expected spacing of frames; pairs further apart (dropped frames) are skipped. */
  fps: number;
}): MotionWindow[] {
  const windowSeconds = opts.windowSeconds ?? DEFAULT_MOTION_WINDOW_SECONDS;
  const maxGap = 1.5 / opts.fps;
  const buckets = new Map<number, { hands: number[]; body: number[] }>();
  for (let i = 1; i < opts.frames.length; i++) {
    const prev = opts.frames[i - 1]!;
    const cur = opts.frames[i]!;
    if (cur.t - prev.t > maxGap) continue;
    const { hands, body } = pairSpeeds({ prev, cur, aspect: opts.aspect });
    if (hands === undefined && body === undefined) continue;
    const w = Math.floor((prev.t + cur.t) / 2 / windowSeconds);
    const bucket = buckets.get(w) ?? { hands: [], body: [] };
    if (hands !== undefined) bucket.hands.push(hands);
    if (body !== undefined) bucket.body.push(body);
    buckets.set(w, bucket);
  }
  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined);
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([w, bucket]) => {
      const handsSpeed = mean(bucket.hands);
      const bodySpeed = mean(bucket.body);
      const hands = handsSpeed === undefined ? undefined : toEnergy(handsSpeed);
      const body = bodySpeed === undefined ? undefined : toEnergy(bodySpeed);
      return {
        start: w * windowSeconds,
        end: (w + 1) * windowSeconds,
        energy: Math.max(hands ?? 0, body ?? 0),
        ...(hands === undefined ? {} : { hands }),
        ...(body === undefined ? {} : { body }),
      };
    });
}
