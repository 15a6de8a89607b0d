import { judgeFromMetrics, type TFlag, type TJudgement, type TMetric, type TScoreTier } from "@coherence/shared";
import { clamp, round } from "./text";
import type { Thresholds } from "./thresholds";

/** The constants of the score formula (documentation/scoring.md). */
export const SCORE = {
  /** Share of the score from dissonance flags; the rest comes from delivery metrics. */
  dissonanceWeight: 0.6,
  /** Decay rate: the dissonance part is 100 × e^(−K × Σ impact). */
  k: 5,
  /** Flags shorter than this count as this long: a short flag still costs something. */
  minFlagSeconds: 2,
  /** Flags starting in the first `primacyShare` of the talk weigh `primacyBoost` times more (primacy). */
  primacyShare: 0.15,
  primacyBoost: 1.25,
  /** Points per metric rating. */
  ratingPoints: { good: 1, fair: 0.6, "needs-work": 0.2 },
} as const;

/** Tier lower bounds, from coaching.md. */
export const TIER_BOUNDS: { tier: TScoreTier; min: number }[] = [
  { tier: "Compelling", min: 85 },
  { tier: "Proficient", min: 70 },
  { tier: "Developing", min: 50 },
  { tier: "Needs Work", min: 0 },
];

/** Needs Work < 50 ≤ Developing < 70 ≤ Proficient < 85 ≤ Compelling. */
export function tierFor(score: number): TScoreTier {
  return TIER_BOUNDS.find((b) => score >= b.min)!.tier;
}

/** What a flag costs: type weight × severity × duration share of the talk, boosted early in the talk. */
export function flagImpact(flag: TFlag, durationSeconds: number, thresholds: Thresholds): number {
  const seconds = Math.max(flag.end - flag.start, SCORE.minFlagSeconds);
  const share = clamp(seconds / Math.max(durationSeconds, 1));
  const primacy = flag.start < SCORE.primacyShare * durationSeconds ? SCORE.primacyBoost : 1;
  return thresholds[flag.type].weight * flag.severity * share * primacy;
}

export type ScoreBreakdown = {
  score: number;
  tier: TScoreTier;
  /** 0–100: 100 means no dissonance. */
  dissonance: number;
  /** 0–100 from the rated delivery metrics; null when none is rated. */
  delivery: number | null;
  /** Σ flag impact before the decay. */
  impact: number;
  /** What could not be judged; with `tierWithheld` the tier must not be shown. */
  judgement: TJudgement;
};

/**
 * Coherence score 0–100:
 * D = 100 × e^(−K × Σ impact(flag)); M = 100 × mean rating points of the rated metrics;
 * score = round(0.6 × D + 0.4 × M), or round(D) when no metric is rated.
 */
export function computeScore(opts: {
  flags: TFlag[];
  metrics: TMetric[];
  durationSeconds: number;
  thresholds: Thresholds;
}): ScoreBreakdown {
  const impact = opts.flags.reduce((s, f) => s + flagImpact(f, opts.durationSeconds, opts.thresholds), 0);
  const dissonance = 100 * Math.exp(-SCORE.k * impact);
  const rated = opts.metrics.filter((m) => m.rating);
  const delivery = rated.length
    ? (100 * rated.reduce((s, m) => s + SCORE.ratingPoints[m.rating!], 0)) / rated.length
    : null;
  const raw =
    delivery === null ? dissonance : SCORE.dissonanceWeight * dissonance + (1 - SCORE.dissonanceWeight) * delivery;
  const score = Math.round(clamp(raw, 0, 100));
  return {
    score,
    tier: tierFor(score),
    dissonance: round(dissonance, 1),
    delivery: delivery === null ? null : round(delivery, 1),
    impact: round(impact, 4),
    judgement: judgeFromMetrics(opts.metrics),
  };
}
