import { YIN } from "pitchfinder";

/** The speaking-voice range; YIN answers outside it are octave errors or noise. */
export const VOICE_F0_RANGE = { minHz: 60, maxHz: 500 } as const;

/**
 * Pitch runs on audio decimated to this rate: voice F0 is far below 4 kHz, and
 * YIN's cost grows with the square of the frame length.
 */
const PITCH_RATE = 8000;

/**
 * Halves the sample rate after a 5-tap binomial low-pass (enough to keep
 * aliasing out of the F0 range) and scales to -1..1 floats.
 */
export function decimateByTwo(samples: Int16Array): Float32Array {
  const n = samples.length;
  const out = new Float32Array(Math.floor(n / 2));
  const at = (i: number) => (samples[Math.min(n - 1, Math.max(0, i))] as number) / 32768;
  for (let j = 0; j < out.length; j++) {
    const i = j * 2;
    out[j] = (at(i - 2) + 4 * at(i - 1) + 6 * at(i) + 4 * at(i + 1) + at(i + 2)) / 16;
  }
  return out;
}

/** Prepares float samples at a rate suited to pitch tracking (8 kHz from 16 kHz input). */
export function toPitchSignal(opts: { samples: Int16Array; sampleRate: number }): {
  signal: Float32Array;
  sampleRate: number;
} {
  if (opts.sampleRate === PITCH_RATE * 2) return { signal: decimateByTwo(opts.samples), sampleRate: PITCH_RATE };
  const signal = new Float32Array(opts.samples.length);
  for (let i = 0; i < signal.length; i++) signal[i] = (opts.samples[i] as number) / 32768;
  return { signal, sampleRate: opts.sampleRate };
}

/**
 * Returns an F0 estimator (YIN, via pitchfinder) for frames of `signal`:
 * `estimate(startSample, endSample)` gives Hz, or null when unvoiced or out of
 * the voice range.
 */
export function createPitchEstimator(opts: {
  signal: Float32Array;
  sampleRate: number;
  /** YIN's aperiodicity threshold; 0.15 suits speech (the library default 0.1 misses breathy voice). */
  threshold?: number;
}): (start: number, end: number) => number | null {
  const detect = YIN({ sampleRate: opts.sampleRate, threshold: opts.threshold ?? 0.15, probabilityThreshold: 0.1 });
  return (start, end) => {
    const frame = opts.signal.subarray(Math.max(0, start), Math.min(opts.signal.length, end));
    // YIN needs at least two periods of the lowest pitch.
    if (frame.length < (2 * opts.sampleRate) / VOICE_F0_RANGE.minHz) return null;
    const f0 = detect(normaliseRms(frame));
    if (f0 === null || !Number.isFinite(f0)) return null;
    return f0 >= VOICE_F0_RANGE.minHz && f0 <= VOICE_F0_RANGE.maxHz ? f0 : null;
  };
}

/**
 * Scales a frame to unit RMS. pitchfinder's YIN seeds its cumulative mean with
 * 1 instead of d(1), so on quiet frames every d(τ) is tiny next to that 1 and
 * the threshold fires at τ = 2 (reporting ~3 kHz). Unit RMS makes the result
 * independent of the recording level.
 */
function normaliseRms(frame: Float32Array): Float32Array {
  let sum = 0;
  for (const v of frame) sum += v * v;
  const rms = Math.sqrt(sum / Math.max(1, frame.length));
  if (rms === 0) return frame;
  const out = new Float32Array(frame.length);
  for (let i = 0; i < frame.length; i++) out[i] = (frame[i] as number) / rms;
  return out;
}
