import type { TVisualFrame, TVisualTimeline } from "@coherence/shared";
import { DEFAULT_FRAME_RULES } from "../../fusion/signals";
import type { DeliveryDescription, LookDirection, TimeRange } from "./twelvelabs-delivery";

// Fusion computes the visual metrics from frames and motion windows; TwelveLabs has neither.
// Rather than teach fusion a second input, the Pegasus delivery description is turned into
// coarse samples on a fixed grid that fusion reads like a face tracker's, each marked with
// its source. The synthetic values sit well clear of fusion's frame rules (face heights,
// fidget energy) so that a sample means what the description said, not a borderline case.

/** Samples per second of the synthetic grid: fine enough for the 1.5 s obstruction minimum. */
export const SAMPLE_FPS = 2;
export const SAMPLE_SOURCE = "twelvelabs:pegasus-description";
/** Face-detection confidence of a synthetic face: a description, not a detection. */
const FACE_CONFIDENCE = 0.6;
const FACE_HEIGHT = { normal: 0.35, too_close: 0.85, too_far: 0.06 } as const;
const GAZE: Record<LookDirection, { yaw: number; pitch: number }> = {
  down: { yaw: 0, pitch: -30 },
  up: { yaw: 0, pitch: 30 },
  // yaw > 0 is turned to the presenter's left (the frame convention).
  left: { yaw: 40, pitch: 0 },
  right: { yaw: -40, pitch: 0 },
};
/** Motion energy where the description says fidgeting, and where it implies only a share of it. */
const ENERGY = { seen: 1, share: DEFAULT_FRAME_RULES.fidgetEnergy, calm: 0.05 } as const;
const HAND_GESTURE = "hand gesture (described)";

/** Metric names (fusion's) that the synthetic frames and motion fill. */
export const FRAME_METRICS = [
  "eyeContactShare",
  "lostEyeContactOccurrencesCount",
  "incorrectCameraDistanceOccurrencesCount",
  "obstructedViewOccurrencesCount",
] as const;

const inAny = <R extends TimeRange>(ranges: R[] | undefined, t: number): R | undefined =>
  ranges?.find((r) => t >= r.start && t < r.end);

/**
 * Picks `count` of `candidates` spread evenly, at least `minStride` apart, so that extra
 * samples raise a share without forming runs that fusion would count as occurrences.
 * Returns fewer when the candidates cannot hold that many.
 */
export function spreadEvenly<T>(candidates: T[], count: number, minStride: number): T[] {
  const n = Math.min(Math.max(0, Math.round(count)), Math.floor(candidates.length / minStride));
  if (n === 0) return [];
  const stride = candidates.length / n;
  return Array.from({ length: n }, (_, k) => candidates[Math.floor((k + 0.5) * stride)]!);
}

function gridTimes(durationSeconds: number): number[] {
  const n = Math.max(1, Math.ceil(durationSeconds * SAMPLE_FPS));
  return Array.from({ length: n }, (_, i) => i / SAMPLE_FPS);
}

function synthesizeFrames(d: DeliveryDescription, times: number[], warnings: string[]): TVisualFrame[] {
  const frames = times.map((t): TVisualFrame => {
    if (inAny(d.faceObstructed, t)) return { t, facePresent: false, source: SAMPLE_SOURCE };
    const distance = inAny(d.cameraDistance, t)?.distance ?? "normal";
    const height = FACE_HEIGHT[distance];
    const away = inAny(d.lookingAway, t);
    return {
      t,
      facePresent: true,
      face: { x: 0.5 - (height * 0.75) / 2, y: 0.15, width: height * 0.75, height, confidence: FACE_CONFIDENCE },
      gaze: away ? { ...GAZE[away.direction], onCamera: false } : { yaw: 0, pitch: 0, onCamera: true },
      ...(d.emotions ? { emotions: d.emotions } : {}),
      ...(inAny(d.gesturing, t) ? { gestures: [HAND_GESTURE] } : {}),
      source: SAMPLE_SOURCE,
    };
  });
  if (d.eyeContactShare !== undefined) {
    // Glances too short to be a described range: spread so that the on-camera share matches.
    const off = frames.map((f) => !f.facePresent || f.gaze?.onCamera === false);
    const wanted = Math.round((1 - d.eyeContactShare) * frames.length) - off.filter(Boolean).length;
    // Not next to a described range either, which a glance would stretch (fusion bridges one-frame gaps).
    const clear = frames.filter((_, i) => !off.slice(Math.max(0, i - 2), i + 3).some(Boolean));
    const glances = spreadEvenly(clear, wanted, 3);
    for (const f of glances) f.gaze = { ...GAZE.left, onCamera: false };
    if (glances.length < wanted)
      warnings.push("delivery.eyeContactShare: lower than the described ranges allow; eye contact is overstated");
  }
  return frames;
}

function synthesizeMotion(d: DeliveryDescription, times: number[]): TVisualTimeline["motion"] {
  const step = 1 / SAMPLE_FPS;
  const windows = times.map((t): TVisualTimeline["motion"][number] => ({
    start: t,
    end: t + step,
    energy: inAny(d.fidgeting, t) ? ENERGY.seen : ENERGY.calm,
  }));
  if (d.fidgetingShare !== undefined) {
    const seen = windows.filter((w) => w.energy === ENERGY.seen).length;
    const calm = windows.filter((w) => w.energy === ENERGY.calm);
    for (const w of spreadEvenly(calm, d.fidgetingShare * windows.length - seen, 1)) w.energy = ENERGY.share;
  }
  return windows;
}

/**
 * Coarse frames and motion windows from the delivery description, and which of fusion's
 * metrics they make estimates. Frames need the gaze ranges, the distance ranges and the
 * obstruction ranges, since fusion reads every frame for all of them: with any of those
 * missing there are no frames (those metrics and the emotion distribution stay absent).
 * Motion needs fidgeting ranges or the fidgeting share.
 */
export function synthesizeSamples(opts: {
  description: DeliveryDescription;
  durationSeconds: number;
  warnings: string[];
}): Pick<TVisualTimeline, "frames" | "motion"> & { fps: number; metrics: string[] } {
  const d = opts.description;
  const warnings = opts.warnings;
  const times = gridTimes(opts.durationSeconds);
  const metrics: string[] = [];
  let frames: TVisualFrame[] = [];
  const frameInputs = [d.lookingAway, d.cameraDistance, d.faceObstructed];
  if (frameInputs.every((x) => x !== undefined)) {
    frames = synthesizeFrames(d, times, warnings);
    metrics.push(...FRAME_METRICS);
    if (d.emotions) metrics.push("emotionDistribution");
    if (!d.gesturing) warnings.push("gestures unknown: frames carry none");
  } else {
    warnings.push("no frames: eye contact, camera distance, obstruction and emotion metrics left out");
  }
  const motion = d.fidgeting || d.fidgetingShare !== undefined ? synthesizeMotion(d, times) : [];
  if (motion.length > 0) metrics.push("fidgetingShare");
  else warnings.push("no motion: fidgetingShare left out");
  return { frames, motion, fps: SAMPLE_FPS, metrics };
}
