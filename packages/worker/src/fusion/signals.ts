import {
  EMOTIONS,
  type TAudioFeatures,
  type TEmotion,
  type TVisualFrame,
  type TVisualTimeline,
} from "@coherence/shared";
import { clamp, sliceBetween } from "./text";

// Helpers that summarise the visual and vocal channels over a time span.

/** Rules that decide what a single frame shows. Angles in degrees; sizes normalised to the frame. */
export type FrameRules = {
  /** |head yaw| beyond this counts as turned away from the camera. */
  headYawOffDegrees: number;
  /** Head or gaze pitch below minus this counts as looking down. Pitch < 0 is looking down. */
  downcastPitchDegrees: number;
  /** Face height (share of the frame height) below this: too far from the camera… */
  faceTooFarHeight: number;
  /** …until it grows back above this (hysteresis, so a face near the line does not flicker). */
  faceFarClearHeight: number;
  /** Face height above this: too close to the camera… */
  faceTooCloseHeight: number;
  /** …until it shrinks back below this. */
  faceCloseClearHeight: number;
  /** A face detected with less confidence than this counts as obstructed. */
  obstructedFaceConfidence: number;
  /** Motion energy (0–1) at or above this counts as fidgeting. */
  fidgetEnergy: number;
};

export const DEFAULT_FRAME_RULES: FrameRules = {
  headYawOffDegrees: 25,
  downcastPitchDegrees: 15,
  faceTooFarHeight: 0.1,
  faceFarClearHeight: 0.13,
  faceTooCloseHeight: 0.8,
  faceCloseClearHeight: 0.7,
  obstructedFaceConfidence: 0.3,
  fidgetEnergy: 0.5,
};

/** Frames whose time falls in [start, end]. Frames must be sorted by time (`fuse` sorts them). */
export function framesIn(visual: TVisualTimeline | null | undefined, start: number, end: number): TVisualFrame[] {
  if (!visual) return [];
  return sliceBetween(visual.frames, (f) => f.t, start, end);
}

/** Share of the frames the sampling rate promises over [start, end] that are actually there (0–1). */
export function frameCoverage(visual: TVisualTimeline | null | undefined, start: number, end: number): number {
  if (!visual || visual.frames.length === 0) return 0;
  const expected = Math.max(1, Math.floor((end - start) * visual.fps) + 1);
  return clamp(framesIn(visual, start, end).length / expected);
}

/** The presenter looks down (head or gaze pitch below the rule). */
export function isDowncast(frame: TVisualFrame, rules: FrameRules = DEFAULT_FRAME_RULES): boolean {
  const pitch = frame.gaze?.pitch ?? frame.head?.pitch;
  return frame.facePresent && pitch !== undefined && pitch < -rules.downcastPitchDegrees;
}

/** A hand keypoint lies on or next to the face box: self-touch. */
export function isSelfTouch(frame: TVisualFrame): boolean {
  const face = frame.face;
  if (!face || !frame.hands?.length) return false;
  const mx = face.width * 0.2;
  const my = face.height * 0.2;
  return frame.hands.some((hand) =>
    hand.some(
      (k) =>
        k.score >= 0.3 &&
        k.x >= face.x - mx &&
        k.x <= face.x + face.width + mx &&
        k.y >= face.y - my &&
        k.y <= face.y + face.height + my,
    ),
  );
}

// Human's hand and body gesture labels ("raise left hand", "index up", "victory", "i give up"); face, iris and
// posture labels ("facing center", "mouth 20% open", "looking left", "leaning right") do not match.
const HAND_GESTURE = /hand|index|thumb|finger|point|victory|palm|raise|love you|give up|wave/i;

/** A body keypoint at least this sure counts as seen. */
const MIN_KEYPOINT_SCORE = 0.3;

/**
 * The frame carries a hand or arm gesture (not a face or gaze label such as "facing center").
 * When the frame has a body reading, a hand gesture also needs a wrist the body model saw: a hand
 * belongs to an arm. Hand models fire on faces too (a close-up's face read as an "open palm",
 * "index forward" hand with no wrist in the picture), and that false hand made a still presenter's
 * "look at this diagram" read as pointing. Frames without a body reading keep their labels.
 */
export function hasHandGesture(frame: TVisualFrame): boolean {
  if (!frame.gestures?.some((g) => HAND_GESTURE.test(g))) return false;
  if (!frame.body) return true;
  return frame.body.some((k) => /wrist/i.test(k.part) && k.score >= MIN_KEYPOINT_SCORE);
}

/** Share (0–1) of `frames` for which `pred` holds; 0 for no frames. */
export function share(frames: TVisualFrame[], pred: (f: TVisualFrame) => boolean): number {
  return frames.length ? frames.filter(pred).length / frames.length : 0;
}

/** Mean emotion distribution over the frames that have one; null when none has. */
export function meanEmotions(frames: TVisualFrame[]): Record<TEmotion, number> | null {
  const withEmotions = frames.filter((f) => f.facePresent && f.emotions);
  if (withEmotions.length === 0) return null;
  const out = Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as Record<TEmotion, number>;
  for (const f of withEmotions) for (const e of EMOTIONS) out[e] += (f.emotions![e] ?? 0) / withEmotions.length;
  return out;
}

/** Mean face-detection confidence over frames with a face (0.8 when the provider gives none). */
export function meanFaceConfidence(frames: TVisualFrame[]): number {
  const faces = frames.filter((f) => f.facePresent);
  if (faces.length === 0) return 0;
  return faces.reduce((s, f) => s + (f.face?.confidence ?? 0.8), 0) / faces.length;
}

/** Range (max − min) of head yaw over the frames, in degrees. */
export function headYawRange(frames: TVisualFrame[]): number {
  const yaws = frames.filter((f) => f.head).map((f) => f.head!.yaw);
  return yaws.length ? Math.max(...yaws) - Math.min(...yaws) : 0;
}

/** Lowest and highest sway frequencies (Hz) that count as fidgeting: slower is drift, faster is detector noise. */
export const SWAY_BAND_HZ = { low: 1, high: 6 } as const;

/**
 * Head sway: how far the face centre moves at 1–6 Hz, in face sizes (horizontal motion in face
 * widths, vertical in face heights), as the amplitude of a sine with the same energy. Needs no body
 * keypoints, so it works when only the head and shoulders are in frame. Sampled at 12 fps or more,
 * slow drift (below 1 Hz) is removed by subtracting a one-second centred mean and detector noise
 * above 6 Hz by a short mean. Sampled slower, 2–5 Hz sway cannot be told from slower motion (it
 * aliases), so only the straight-line drift over the span is removed and what is left counts.
 */
export function headSway(frames: TVisualFrame[]): { amplitude: number; frames: number } {
  const faces = frames.filter((f) => f.facePresent && f.face && f.face.width > 0 && f.face.height > 0);
  if (faces.length < 4) return { amplitude: 0, frames: faces.length };
  const w = median(faces.map((f) => f.face!.width));
  const h = median(faces.map((f) => f.face!.height));
  const ts = faces.map((f) => f.t);
  const xs = faces.map((f) => (f.face!.x + f.face!.width / 2) / w);
  const ys = faces.map((f) => (f.face!.y + f.face!.height / 2) / h);
  const step = median(ts.slice(1).map((t, i) => t - ts[i]!));
  const resolves = step > 0 && 1 / step >= 2 * SWAY_BAND_HZ.high;
  const filter = (v: number[]) =>
    resolves
      ? v.map(
          (_, i) => meanWithin(ts, v, i, 0.5 / (2 * SWAY_BAND_HZ.high)) - meanWithin(ts, v, i, 0.5 / SWAY_BAND_HZ.low),
        )
      : detrend(ts, v);
  const rx = filter(xs);
  const ry = filter(ys);
  const energy = rx.reduce((s, x, i) => s + x * x + ry[i]! * ry[i]!, 0) / rx.length;
  return { amplitude: Math.sqrt(2 * energy), frames: faces.length };
}

/** Mean of the values whose time lies within `half` seconds of sample i. */
function meanWithin(ts: number[], v: number[], i: number, half: number): number {
  let n = 0;
  let sum = 0;
  for (let k = 0; k < ts.length; k++) {
    if (Math.abs(ts[k]! - ts[i]!) > half + 1e-9) continue;
    n += 1;
    sum += v[k]!;
  }
  return sum / n;
}

/** The residuals of a least-squares straight line through (t, v). */
function detrend(ts: number[], v: number[]): number[] {
  const n = ts.length;
  const mt = ts.reduce((a, b) => a + b, 0) / n;
  const mv = v.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (ts[i]! - mt) * (v[i]! - mv);
    den += (ts[i]! - mt) ** 2;
  }
  const slope = den > 0 ? num / den : 0;
  return v.map((x, i) => x - mv - slope * (ts[i]! - mt));
}

/** Median; 0 for no values. */
export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** How a face reads in one frame, after smoothing over its neighbours. */
export type FaceReading = "smiling" | "negative" | "neutral" | "mixed";

/** Emotion readings weaker than this (the strongest emotion's score) are treated as uncertain. */
export const WEAK_EMOTION = 0.45;

/**
 * Emotion distributions smoothed over each frame and its neighbours (±1 frame), so a single
 * misread frame does not decide anything. Frames without a face or a reading are skipped.
 */
export function smoothedEmotions(frames: TVisualFrame[]): { t: number; e: Record<TEmotion, number> }[] {
  const read = frames.filter((f) => f.facePresent && f.emotions);
  return read.map((_, i) => {
    const around = read.slice(Math.max(0, i - 1), i + 2);
    const e = Object.fromEntries(EMOTIONS.map((k) => [k, 0])) as Record<TEmotion, number>;
    for (const f of around) for (const k of EMOTIONS) e[k] += (f.emotions![k] ?? 0) / around.length;
    return { t: read[i]!.t, e };
  });
}

/**
 * A broad, open-mouthed smile: Human's emotion model splits it between happy and surprise (raised
 * cheeks and a mouth open on the teeth read as both; the benchmark's toothy smile at webcam size
 * alternates happy 0.59 / surprise 0.24 and surprise 0.52 / happy 0.26 frame by frame). Surprise
 * carries no valence of its own, so when happy and surprise together hold most of the reading, happy
 * is a real share of it, and nothing negative or neutral competes, the face is smiling. A surprised
 * face without a smile keeps happy low and stays "mixed".
 */
function isOpenMouthedSmile(e: Record<TEmotion, number>, negative: number): boolean {
  return e.happy >= 0.25 && e.happy + e.surprise >= 0.7 && negative < 0.2 && e.neutral < e.happy;
}

/** Classifies one (smoothed) emotion distribution. */
export function faceReading(e: Record<TEmotion, number>): FaceReading {
  const negative = e.sad + e.angry + e.fear + e.disgust;
  const nextStrongest = Math.max(...EMOTIONS.filter((k) => k !== "happy").map((k) => e[k]));
  // A smile reads as happy 0.5+, or as a clearly leading happy reading (Human spreads a broad smile thin).
  if (e.happy >= 0.5 || (e.happy >= 0.35 && e.happy >= 1.5 * nextStrongest)) return "smiling";
  if (isOpenMouthedSmile(e, negative)) return "smiling";
  if (negative >= 0.4 && negative > e.happy && negative > e.neutral * 0.8) return "negative";
  if (e.happy < 0.25 && e.surprise < 0.3) return "neutral";
  return "mixed";
}

/** Overlap-weighted mean and the peak of motion energy over [start, end]. */
export function motionIn(
  visual: TVisualTimeline | null | undefined,
  start: number,
  end: number,
): { mean: number; max: number; covered: number } {
  let weight = 0;
  let sum = 0;
  let max = 0;
  for (const m of visual?.motion ?? []) {
    const overlap = Math.min(end, m.end) - Math.max(start, m.start);
    if (overlap <= 0) continue;
    weight += overlap;
    sum += overlap * m.energy;
    max = Math.max(max, m.energy);
  }
  return { mean: weight ? sum / weight : 0, max, covered: clamp(weight / Math.max(end - start, 1e-6)) };
}

/** Audio windows in [start, end]. Windows must be sorted by time (`fuse` sorts them). */
export function audioIn(audio: TAudioFeatures | null | undefined, start: number, end: number) {
  if (!audio) return [];
  return sliceBetween(audio.windows, (w) => w.t, start, end);
}

/** RMS level below which a window is treated as silence when the features carry no pitch at all, dBFS. */
export const SILENCE_DB = -50;

/**
 * The windows that carry speech: voiced ones (F0 found) when the features have
 * pitch, since the audio stage's silence threshold adapts to the recording;
 * otherwise those louder than SILENCE_DB.
 */
export function speechWindows<W extends { rmsDb: number; f0?: number | null }>(windows: W[]): W[] {
  const voiced = windows.filter((w) => w.f0 !== null && w.f0 !== undefined && w.f0 > 0);
  return voiced.length > 0 ? voiced : windows.filter((w) => w.rmsDb > SILENCE_DB);
}

/** Pitch variation in semitones (standard deviation around the median F0) over voiced windows. */
export function pitchVariationSemitones(windows: { f0: number | null }[]): { std: number; voiced: number } {
  const f0 = windows.map((w) => w.f0).filter((f): f is number => f !== null && f > 0);
  if (f0.length < 2) return { std: 0, voiced: f0.length };
  const sorted = [...f0].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return { std: std(f0.map((f) => 12 * Math.log2(f / median))), voiced: f0.length };
}

/** Standard deviation of the level (dB) over the speech windows. */
export function loudnessVariationDb(windows: { rmsDb: number; f0?: number | null }[]): number {
  return std(speechWindows(windows).map((w) => w.rmsDb));
}

/** Level change from the first third to the last third of the windows (dB); negative when the voice fades. */
export function loudnessDropDb(windows: { t: number; rmsDb: number; f0?: number | null }[]): number {
  const voiced = speechWindows(windows);
  if (voiced.length < 6) return 0;
  const third = Math.floor(voiced.length / 3);
  const mean = (xs: { rmsDb: number }[]) => xs.reduce((s, w) => s + w.rmsDb, 0) / xs.length;
  return mean(voiced.slice(voiced.length - third)) - mean(voiced.slice(0, third));
}

/** Population standard deviation; 0 for fewer than two values. */
export function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
}

/**
 * Runs of consecutive frames where `pred` holds, lasting at least `minSeconds`.
 * A single frame that breaks a run is tolerated (detector flicker).
 */
export function frameRuns(
  frames: TVisualFrame[],
  fps: number,
  pred: (f: TVisualFrame) => boolean,
  minSeconds: number,
): { start: number; end: number }[] {
  const step = 1 / fps;
  const runs: { start: number; end: number }[] = [];
  let cur: { start: number; end: number } | null = null;
  let misses = 0;
  for (const f of frames) {
    if (pred(f)) {
      if (cur && f.t - cur.end <= 2.5 * step) cur.end = f.t;
      else {
        if (cur) runs.push(cur);
        cur = { start: f.t, end: f.t };
      }
      misses = 0;
    } else if (cur && ++misses > 1) {
      runs.push(cur);
      cur = null;
      misses = 0;
    }
  }
  if (cur) runs.push(cur);
  return runs.map((r) => ({ start: r.start, end: r.end + step })).filter((r) => r.end - r.start >= minSeconds);
}
