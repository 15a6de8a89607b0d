import type { TAudioFeatures } from "@coherence/shared";
import { audioIn, loudnessVariationDb, pitchVariationSemitones, speechWindows } from "../fusion/signals";
import { round } from "../fusion/text";
import { type MetricContext, times } from "./context";

/** A monotone stretch: this many seconds of speech with pitch variation under 1 semitone. */
export const MONOTONE = { windowSeconds: 10, maxSemitones: 1 } as const;

/** Monotone stretches: consecutive windows of speech whose pitch hardly moves. */
export function monotoneStretches(audio: TAudioFeatures | null | undefined): { start: number; end: number }[] {
  if (!audio || audio.windows.length === 0) return [];
  const out: { start: number; end: number }[] = [];
  const first = audio.windows[0]!.t;
  const last = audio.windows[audio.windows.length - 1]!.t;
  for (
    let start = first;
    start + MONOTONE.windowSeconds <= last + audio.windowSeconds;
    start += MONOTONE.windowSeconds
  ) {
    const end = start + MONOTONE.windowSeconds;
    const ws = audioIn(audio, start, end - 1e-6);
    const pitch = pitchVariationSemitones(ws);
    // Only judge stretches that are mostly speech.
    if (pitch.voiced < ws.length * 0.5 || pitch.voiced < 5) continue;
    if (pitch.std >= MONOTONE.maxSemitones) continue;
    const prev = out[out.length - 1];
    if (prev && prev.end >= start) prev.end = end;
    else out.push({ start, end });
  }
  return out;
}

/** The voice (audio features): monotone stretches, pitch variation and loudness variation. */
export function addVoiceMetrics({ audio, add }: MetricContext): void {
  if (!audio || audio.windows.length === 0) return;
  const monotone = monotoneStretches(audio);
  add({ name: "monotoneOccurrencesCount", value: monotone.length, unit: "count", details: { times: times(monotone) } });
  const pitch = pitchVariationSemitones(audio.windows);
  if (pitch.voiced >= 5)
    add({
      name: "pitchVariation",
      value: round(pitch.std, 2),
      unit: "semitones",
      details: { voicedWindows: pitch.voiced },
    });
  const voiced = speechWindows(audio.windows);
  if (voiced.length >= 5) {
    add({
      name: "loudnessVariation",
      value: round(loudnessVariationDb(audio.windows), 2),
      unit: "dB",
      details: { meanDb: round(voiced.reduce((s, w) => s + w.rmsDb, 0) / voiced.length, 1) },
    });
  }
}
