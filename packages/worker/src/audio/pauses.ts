import type { TWord } from "@coherence/shared";

/** Pause lengths from coaching.md: short 0.15 s, medium 0.5 s, long ≥ 1.5 s. */
export const PAUSE_SECONDS = { short: 0.15, medium: 0.5, long: 1.5 } as const;

export type PauseKind = "short" | "medium" | "long";

/** Classifies a pause by its length; null when it is too short to count as a pause. */
export function classifyPause(durationSeconds: number): PauseKind | null {
  if (durationSeconds >= PAUSE_SECONDS.long) return "long";
  if (durationSeconds >= PAUSE_SECONDS.medium) return "medium";
  if (durationSeconds >= PAUSE_SECONDS.short) return "short";
  return null;
}

export type Pause = { start: number; end: number };

/**
 * Finds the pauses in a talk from the word timings together with the energy.
 *
 * - Silent runs (frames under `silenceDb`) of at least `minSeconds` inside the
 *   talk (between the first word's start and the last word's end) are pauses:
 *   energy gives the sharper boundaries, because recognisers stretch words
 *   into the silence around them.
 * - A gap of at least `minSeconds` between two words with no silent run inside
 *   (a noisy room, a breath) is a pause too, if its mean level is clearly under
 *   the speech level: nobody is talking, even though the room is not silent.
 * - Without words (the recogniser heard nothing), the talk spans the first to
 *   the last loud frame and pauses come from the energy alone.
 */
export function detectPauses(opts: {
  /** RMS dBFS per frame. */
  levels: number[];
  frameSeconds: number;
  silenceDb: number;
  /** Typical speech level (e.g. the 90th percentile of the frame levels). */
  speechDb: number;
  words: TWord[];
  minSeconds?: number;
}): Pause[] {
  const { levels, frameSeconds, silenceDb, words } = opts;
  const minSeconds = opts.minSeconds ?? PAUSE_SECONDS.short;
  const sorted = [...words].sort((a, b) => a.start - b.start);

  let talkStart: number;
  let talkEnd: number;
  if (sorted.length > 0) {
    talkStart = (sorted[0] as TWord).start;
    talkEnd = sorted.reduce((max, w) => Math.max(max, w.end), 0);
  } else {
    const loud = levels.map((l, i) => (l >= silenceDb ? i : -1)).filter((i) => i >= 0);
    if (loud.length === 0) return [];
    talkStart = (loud[0] as number) * frameSeconds;
    talkEnd = ((loud[loud.length - 1] as number) + 1) * frameSeconds;
  }

  const pauses: Pause[] = [];
  // Energy: runs of silent frames.
  let runStart = -1;
  for (let i = 0; i <= levels.length; i++) {
    const silent = i < levels.length && (levels[i] as number) < silenceDb;
    if (silent && runStart < 0) runStart = i;
    if (!silent && runStart >= 0) {
      const start = Math.max(talkStart, runStart * frameSeconds);
      const end = Math.min(talkEnd, i * frameSeconds);
      if (end - start >= minSeconds - 1e-9) pauses.push({ start, end });
      runStart = -1;
    }
  }

  // Words: gaps with no silent run inside, if clearly quieter than speech.
  let spokenUntil = sorted[0]?.end ?? 0;
  for (let i = 1; i < sorted.length; i++) {
    // Overlapping words (some engines emit them) must not open a false gap.
    const start = spokenUntil;
    const end = (sorted[i] as TWord).start;
    spokenUntil = Math.max(spokenUntil, (sorted[i] as TWord).end);
    if (end - start < minSeconds - 1e-9) continue;
    if (pauses.some((p) => p.start < end && p.end > start)) continue;
    const from = Math.floor(start / frameSeconds);
    const to = Math.max(from + 1, Math.ceil(end / frameSeconds));
    const gap = levels.slice(from, to);
    if (gap.length === 0) continue;
    const meanDb = gap.reduce((a, b) => a + b, 0) / gap.length;
    if (meanDb < opts.speechDb - 10) pauses.push({ start, end });
  }

  return pauses.sort((a, b) => a.start - b.start).map((p) => ({ start: round3(p.start), end: round3(p.end) }));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
