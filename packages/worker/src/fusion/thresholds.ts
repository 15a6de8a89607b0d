import { DISSONANCE_TYPES, type TThresholds, type TTypeThreshold, ZThresholds } from "@coherence/shared";

/** Per-type thresholds for turning raw events into flags (see documentation/scoring.md). */
export type Thresholds = TThresholds;
export type TypeThreshold = TTypeThreshold;

const BASE: TypeThreshold = {
  minConfidence: 0.5,
  minSeverity: 0.3,
  mergeGapSeconds: 2,
  minDurationSeconds: 0.5,
  spikeSeconds: 1,
  spikeConfidence: 0.8,
  weight: 1,
};

/**
 * The defaults, also seeded by migrations/0004_analysis.sql (a test keeps the
 * two equal). EMOTIONAL_MISMATCH is stricter: a wrongly read face is costly.
 */
export const DEFAULT_THRESHOLDS: Thresholds = {
  EMOTIONAL_MISMATCH: {
    ...BASE,
    minConfidence: 0.65,
    minSeverity: 0.4,
    minDurationSeconds: 1,
    spikeSeconds: 1.5,
    spikeConfidence: 0.85,
    // Judged per sentence (a sentence's wording against the face over it): each sentence is a moment of
    // its own with its own quote, so sentences a pause apart do not merge (migrations/0009).
    mergeGapSeconds: 0,
  },
  GAZE_AVOIDANCE: { ...BASE, weight: 0.8 },
  NERVOUS_FIDGETING: { ...BASE, weight: 0.7 },
  CONFIDENCE_MISMATCH: { ...BASE, weight: 1 },
  MONOTONE_EMPHASIS: { ...BASE, weight: 0.8 },
  DEICTIC_MISMATCH: { ...BASE, weight: 0.6 },
  // A rushed key point is one sentence; two rushed points a pause apart are two moments, not one
  // stretch (a gap of 4 s merged them). "Briefly" is one event already (migrations/0009).
  PACE_MISMATCH: { ...BASE, mergeGapSeconds: 0, weight: 0.6 },
};

/** Fills the types missing from `partial` with the defaults and validates the result. */
export function resolveThresholds(partial?: Partial<Record<string, Partial<TypeThreshold>>>): Thresholds {
  const merged = Object.fromEntries(
    DISSONANCE_TYPES.map((type) => [type, { ...DEFAULT_THRESHOLDS[type], ...(partial?.[type] ?? {}) }]),
  );
  return ZThresholds.parse(merged);
}
