/** dBFS reported for digital silence, where the logarithm would be -Infinity. */
export const SILENCE_DB = -100;

/**
 * RMS level of samples[start, end) in dBFS (0 dB = a full-scale square wave;
 * a full-scale sine reads about -3 dB).
 */
export function rmsDb(samples: Int16Array, start = 0, end = samples.length): number {
  const from = Math.max(0, start);
  const to = Math.min(samples.length, end);
  if (to <= from) return SILENCE_DB;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const v = (samples[i] as number) / 32768;
    sum += v * v;
  }
  const rms = Math.sqrt(sum / (to - from));
  return rms > 0 ? Math.max(SILENCE_DB, 20 * Math.log10(rms)) : SILENCE_DB;
}

/** RMS dBFS of consecutive frames of `frameSeconds` (the last, partial frame included). */
export function frameLevels(opts: { samples: Int16Array; sampleRate: number; frameSeconds: number }): number[] {
  const frame = Math.max(1, Math.round(opts.frameSeconds * opts.sampleRate));
  const out: number[] = [];
  for (let start = 0; start < opts.samples.length; start += frame) {
    out.push(rmsDb(opts.samples, start, start + frame));
  }
  return out;
}

/** The p-th percentile (0–1) of a list of numbers, by nearest rank; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))));
  return sorted[idx] as number;
}

/**
 * The level below which a frame counts as silence, adapted to the recording:
 * well above the noise floor (10th percentile) and well below the speech level
 * (90th percentile), so that both a quiet studio and a noisy room work.
 */
export function silenceThresholdDb(levels: number[]): number {
  const floor = percentile(levels, 0.1);
  const speech = percentile(levels, 0.9);
  if (!Number.isFinite(floor) || !Number.isFinite(speech)) return -50;
  // Halfway (in dB) between floor and speech, but never more than 30 dB under speech
  // nor closer than 6 dB to it, and never above -20 dBFS (that would be speech).
  const mid = (floor + speech) / 2;
  return Math.min(-20, Math.max(speech - 30, Math.min(mid, speech - 6)));
}
