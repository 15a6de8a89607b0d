import type { TMetric, TScriptAdherence } from "@coherence/shared";

/**
 * Bands for the script adherence metrics (documentation/speech.md, "Script adherence"), in the
 * style of coaching.md: good / fair / needs-work. Shares are percentages of the script's words.
 */
export const SCRIPT_BANDS = {
  /** Delivered share: good from 90 %, fair from 75 %. */
  delivered: { good: 90, fair: 75 },
  /** Said-as-written share: good from 70 %, fair from 50 % (recognition slips count as changes). */
  asWritten: { good: 70, fair: 50 },
  /** Skipped words (in passages) as a share of the script: good up to 5 %, fair up to 15 %. */
  skipped: { good: 5, fair: 15 },
  /** Passages said out of order: good none, fair one. */
  moved: { good: 0, fair: 1 },
  /** Added words as a share of the script: good up to 15 %, fair up to 30 %. */
  added: { good: 15, fair: 30 },
} as const;

/** A skipped passage this long (words) or longer is a large skip and gets the coaching tip. */
export const LARGE_SKIP_WORDS = 25;

export const LARGE_SKIP_TIP =
  "You left out a whole passage of your script. Rehearse the transition into it out loud, and put a one-word cue for it in your notes so the next run does not jump over it.";

type Band = { good: number; fair: number };

const higherIsBetter = (v: number, b: Band): TMetric["rating"] =>
  v >= b.good ? "good" : v >= b.fair ? "fair" : "needs-work";
const lowerIsBetter = (v: number, b: Band): TMetric["rating"] =>
  v <= b.good ? "good" : v <= b.fair ? "fair" : "needs-work";
const pct = (x: number) => Math.round(x * 1000) / 10;

/** The script metrics of one talk, with their ratings; the skip metric carries the tip on a large skip. */
export function scriptMetrics(adherence: TScriptAdherence): TMetric[] {
  const total = Math.max(1, adherence.words.length);
  const skippedWords = adherence.skipped.reduce((n, p) => n + (p.toWord - p.fromWord), 0);
  const addedWords = adherence.added.reduce((n, p) => n + p.text.split(/\s+/).length, 0);
  const largest = Math.max(0, ...adherence.skipped.map((p) => p.toWord - p.fromWord));
  const skippedShare = pct(skippedWords / total);
  const addedShare = pct(addedWords / total);
  const delivered = pct(adherence.deliveredShare);
  const asWritten = pct(adherence.asWrittenShare);
  return [
    {
      name: "scriptDelivered",
      value: delivered,
      unit: "%",
      band: { low: SCRIPT_BANDS.delivered.good, high: null },
      rating: higherIsBetter(delivered, SCRIPT_BANDS.delivered),
      details: { guidance: adherence.guidance },
    },
    {
      name: "scriptAsWritten",
      value: asWritten,
      unit: "%",
      band: { low: SCRIPT_BANDS.asWritten.good, high: null },
      rating: higherIsBetter(asWritten, SCRIPT_BANDS.asWritten),
    },
    {
      name: "scriptSkipped",
      value: skippedShare,
      unit: "%",
      band: { low: null, high: SCRIPT_BANDS.skipped.good },
      rating: largest >= LARGE_SKIP_WORDS ? "needs-work" : lowerIsBetter(skippedShare, SCRIPT_BANDS.skipped),
      details: {
        passages: adherence.skipped.length,
        largestPassageWords: largest,
        ...(largest >= LARGE_SKIP_WORDS ? { tip: LARGE_SKIP_TIP, at: adherence.skipped.map((p) => p.start) } : {}),
      },
    },
    {
      name: "scriptAdded",
      value: addedShare,
      unit: "%",
      band: { low: null, high: SCRIPT_BANDS.added.good },
      rating: lowerIsBetter(addedShare, SCRIPT_BANDS.added),
      details: { passages: adherence.added.length },
    },
    {
      name: "scriptMoved",
      value: adherence.moved.length,
      unit: "passages",
      band: { low: null, high: SCRIPT_BANDS.moved.good },
      rating: lowerIsBetter(adherence.moved.length, SCRIPT_BANDS.moved),
    },
  ];
}
