import { DISSONANCE_TYPES, type TDissonanceType } from "@coherence/shared";

/** A detection and a label match when they are of one type and overlap at least this much (intersection over union). */
export const MIN_IOU = 0.3;

type Span = { start: number; end: number };
export type TypedSpan = Span & { type: TDissonanceType };

export function iou(a: Span, b: Span): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union > 0 ? inter / union : 0;
}

/**
 * One-to-one matching of flags to labels of the same type: pairs are taken
 * greedily by IoU, best first, down to MIN_IOU. Returns the matched index pairs
 * and what is left over on each side.
 */
export function matchFlags<L extends TypedSpan, F extends TypedSpan>(labels: L[], flags: F[]) {
  const pairs: { label: number; flag: number; iou: number }[] = [];
  labels.forEach((l, li) => {
    flags.forEach((f, fi) => {
      if (f.type !== l.type) return;
      const o = iou(l, f);
      if (o >= MIN_IOU) pairs.push({ label: li, flag: fi, iou: o });
    });
  });
  pairs.sort((a, b) => b.iou - a.iou);
  const usedL = new Set<number>();
  const usedF = new Set<number>();
  const matched: typeof pairs = [];
  for (const p of pairs) {
    if (usedL.has(p.label) || usedF.has(p.flag)) continue;
    usedL.add(p.label);
    usedF.add(p.flag);
    matched.push(p);
  }
  return {
    matched,
    missed: labels.filter((_, i) => !usedL.has(i)),
    falseFlags: flags.filter((_, i) => !usedF.has(i)),
  };
}

export type Counts = { tp: number; fp: number; fn: number };
export type Rates = Counts & { precision: number | null; recall: number | null; f1: number | null };

/** Precision, recall and F1; null where the denominator is 0 (nothing to judge). */
export function rates(c: Counts): Rates {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : null;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : null;
  const f1 = c.tp + c.fp + c.fn > 0 ? (2 * c.tp) / (2 * c.tp + c.fp + c.fn) : null;
  return { ...c, precision, recall, f1 };
}

/** What one talk's analysis is scored on. */
export type TalkOutcome = {
  id: string;
  calm: boolean;
  durationSeconds: number;
  labels: (TypedSpan & { reverse: boolean })[];
  /** The flags (with their strength and evidence in --json: what tuning needs). */
  flags: (TypedSpan & { confidence?: number; severity?: number; observation?: string })[];
  /** Every detection before thresholds, for tuning. */
  rawEvents?: (TypedSpan & { confidence: number; severity: number })[];
  metrics: {
    wpm: { truth: number; measured: number | null };
    eyeContact: { truth: number; measured: number | null };
    facePresence: { truth: number; measured: number | null };
  };
  /** Word error rate of the transcript against the script (end to end only). */
  wer?: { errors: number; words: number };
};

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => (xs.length ? sum(xs) / xs.length : null);

/** The benchmark's figures over a set of talks. */
export function summarise(outcomes: TalkOutcome[]) {
  const perType = Object.fromEntries(DISSONANCE_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<
    TDissonanceType,
    Counts
  >;
  let reverse = { found: 0, total: 0 };
  let calmFlags = 0;
  let calmSeconds = 0;
  for (const o of outcomes) {
    const m = matchFlags(o.labels, o.flags);
    for (const p of m.matched) perType[o.labels[p.label]!.type].tp++;
    for (const l of m.missed) perType[l.type].fn++;
    for (const f of m.falseFlags) perType[f.type].fp++;
    const rev = o.labels.filter((l) => l.reverse);
    const revFound = m.matched.filter((p) => o.labels[p.label]!.reverse).length;
    reverse = { found: reverse.found + revFound, total: reverse.total + rev.length };
    if (o.calm) {
      calmFlags += o.flags.length;
      calmSeconds += o.durationSeconds;
    }
  }
  const all = Object.values(perType).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), {
    tp: 0,
    fp: 0,
    fn: 0,
  });
  const relError = (k: "wpm") =>
    outcomes
      .filter((o) => o.metrics[k].measured !== null)
      .map((o) => Math.abs(o.metrics[k].measured! - o.metrics[k].truth) / o.metrics[k].truth);
  const pointError = (k: "eyeContact" | "facePresence") =>
    outcomes
      .filter((o) => o.metrics[k].measured !== null)
      .map((o) => Math.abs(o.metrics[k].measured! - o.metrics[k].truth));
  const wers = outcomes.filter((o) => o.wer);
  const stat = (xs: number[]) => ({ mean: mean(xs), max: xs.length ? Math.max(...xs) : null, n: xs.length });
  return {
    talks: outcomes.length,
    labels: sum(Object.values(perType).map((c) => c.tp + c.fn)),
    perType: Object.fromEntries(DISSONANCE_TYPES.map((t) => [t, rates(perType[t])])) as Record<TDissonanceType, Rates>,
    micro: rates(all),
    reverseMismatchRecall: reverse.total ? reverse.found / reverse.total : null,
    reverseMismatch: reverse,
    calm: {
      talks: outcomes.filter((o) => o.calm).length,
      flags: calmFlags,
      minutes: calmSeconds / 60,
      flagsPerMinute: calmSeconds > 0 ? calmFlags / (calmSeconds / 60) : null,
      talksWithFlags: outcomes.filter((o) => o.calm && o.flags.length > 0).map((o) => o.id),
    },
    metricErrors: {
      /** |measured − truth| / truth of the headline pace. */
      wpmRelative: stat(relError("wpm")),
      /** Percentage points. */
      eyeContactPoints: stat(pointError("eyeContact")),
      facePresencePoints: stat(pointError("facePresence")),
    },
    wer: wers.length ? sum(wers.map((o) => o.wer!.errors)) / Math.max(1, sum(wers.map((o) => o.wer!.words))) : null,
  };
}

export type Summary = ReturnType<typeof summarise>;
