import type { TAudioFeatures, TWord } from "@coherence/shared";
import { frameLevels, percentile, rmsDb, silenceThresholdDb } from "./energy";
import { detectPauses } from "./pauses";
import { createPitchEstimator, toPitchSignal } from "./pitch";
import type { PcmAudio } from "./wav";

/** Default window for energy and pitch: fine enough for emphasis, coarse enough to stay cheap. */
export const DEFAULT_WINDOW_SECONDS = 0.1;
/** Frame for silence detection; pauses need finer steps than the 0.15 s shortest pause. */
const PAUSE_FRAME_SECONDS = 0.01;

/**
 * Computes the audio features of a talk: per window (starting at `t`), the RMS
 * level in dBFS and F0 in Hz (null when unvoiced or silent), and the pauses
 * found from the word timings together with the energy.
 */
export function computeAudioFeatures(opts: {
  audio: PcmAudio;
  words: TWord[];
  windowSeconds?: number;
}): TAudioFeatures {
  const { samples, sampleRate } = opts.audio;
  const windowSeconds = opts.windowSeconds ?? DEFAULT_WINDOW_SECONDS;

  const levels = frameLevels({ samples, sampleRate, frameSeconds: PAUSE_FRAME_SECONDS });
  const silenceDb = silenceThresholdDb(levels);
  const speechDb = percentile(levels, 0.9);

  const pitch = toPitchSignal({ samples, sampleRate });
  const estimate = createPitchEstimator({ signal: pitch.signal, sampleRate: pitch.sampleRate });
  const windowSamples = Math.max(1, Math.round(windowSeconds * sampleRate));
  const pitchWindow = Math.round(windowSeconds * pitch.sampleRate);

  const windows: TAudioFeatures["windows"] = [];
  for (let i = 0, start = 0; start < samples.length; i++, start += windowSamples) {
    const level = rmsDb(samples, start, start + windowSamples);
    // Silent windows have no pitch; skipping them also saves the YIN cost.
    const f0 = level < silenceDb ? null : estimate(i * pitchWindow, (i + 1) * pitchWindow);
    windows.push({
      t: round3(i * windowSeconds),
      rmsDb: Math.round(level * 10) / 10,
      f0: f0 === null ? null : Math.round(f0 * 10) / 10,
    });
  }

  const pauses = detectPauses({
    levels,
    frameSeconds: PAUSE_FRAME_SECONDS,
    silenceDb,
    speechDb,
    words: opts.words,
  });
  return { windowSeconds, windows, pauses };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
