/** A stretch of the audio, in samples: [start, end). */
export type AudioChunk = { start: number; end: number };

/** Energy frames of 10 ms; a cut lands in the middle of the quietest 0.3 s near each even split. */
const FRAME_SECONDS = 0.01;
const QUIET_SPAN_FRAMES = 30;

/**
 * Splits audio into `parts` chunks of about equal length, each cut placed in
 * the quietest 0.3 s within `searchSeconds` of the even split point, so that
 * a cut falls between words rather than through one. The recogniser then
 * decodes the chunks independently (and in parallel); pocketsphinx segments
 * speech at silences anyway, so results barely change.
 */
export function splitAtSilences(opts: {
  samples: Int16Array;
  sampleRate: number;
  parts: number;
  /** How far from the even split point to look for a pause (default 10 s). */
  searchSeconds?: number;
}): AudioChunk[] {
  const { samples, sampleRate } = opts;
  const parts = Math.max(1, Math.floor(opts.parts));
  const frameLen = Math.max(1, Math.round(sampleRate * FRAME_SECONDS));
  const frames = Math.floor(samples.length / frameLen);
  if (parts === 1 || frames < parts * QUIET_SPAN_FRAMES * 2) return [{ start: 0, end: samples.length }];
  // Prefix sums of per-frame energy, so any span's energy costs O(1).
  const prefix = new Float64Array(frames + 1);
  for (let f = 0; f < frames; f++) {
    let e = 0;
    for (let i = f * frameLen; i < (f + 1) * frameLen; i++) e += (samples[i] as number) ** 2;
    prefix[f + 1] = (prefix[f] as number) + e;
  }
  const spanEnergy = (f: number) => (prefix[f + QUIET_SPAN_FRAMES] as number) - (prefix[f] as number);
  const search = Math.round((opts.searchSeconds ?? 10) / FRAME_SECONDS);
  const cuts: number[] = [];
  for (let p = 1; p < parts; p++) {
    const ideal = Math.round((frames * p) / parts);
    const lo = Math.max((cuts.at(-1) ?? 0) + QUIET_SPAN_FRAMES, ideal - search);
    const hi = Math.min(frames - QUIET_SPAN_FRAMES * 2, ideal + search);
    let best = Math.min(Math.max(ideal, lo), hi);
    for (let f = lo; f <= hi; f++) if (spanEnergy(f) < spanEnergy(best)) best = f;
    cuts.push(best + QUIET_SPAN_FRAMES / 2);
  }
  const bounds = [0, ...cuts.map((f) => f * frameLen), samples.length].filter(
    (b, i, all) => i === 0 || b > (all[i - 1] as number),
  );
  return bounds.slice(1).map((end, i) => ({ start: bounds[i] as number, end }));
}
