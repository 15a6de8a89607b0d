import {
  BOUNDED_TIERS,
  judgeFromMetrics,
  type TFlag,
  type TJudgement,
  type TMetric,
  type TScoreTier,
  type TTierBounds,
} from "@coherence/shared";
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

/**
 * Tier lower bounds, from coaching.md. Also seeded into `score_tier_bounds` by
 * migrations/0008_score_tier_bounds.sql (a test keeps the two equal); change them with
 * `coherence thresholds set-tier`, then pass `getTierBounds(db)` to `fuse`/`rescore`.
 */
export const DEFAULT_TIER_BOUNDS: TTierBounds = { Compelling: 85, Proficient: 70, Developing: 50 };

/** The tier of `score` under `bounds`: below Developing's bound is Needs Work. */
export function tierWithin(score: number, bounds: TTierBounds): TScoreTier {
  return BOUNDED_TIERS.find((tier) => score >= bounds[tier]) ?? "Needs Work";
}

/** Under the default bounds: Needs Work < 50 ≤ Developing < 70 ≤ Proficient < 85 ≤ Compelling. */
export function tierFor(score: number): TScoreTier {
  return tierWithin(score, DEFAULT_TIER_BOUNDS);
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
  /** The tiers' lowest scores (default DEFAULT_TIER_BOUNDS). */
  tierBounds?: TTierBounds;
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
    tier: tierWithin(score, opts.tierBounds ?? DEFAULT_TIER_BOUNDS),
    dissonance: round(dissonance, 1),
    delivery: delivery === null ? null : round(delivery, 1),
    impact: round(impact, 4),
    judgement: judgeFromMetrics(opts.metrics),
  };
}
