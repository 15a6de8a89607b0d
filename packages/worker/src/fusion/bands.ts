import { PACE_BAND_WPM, type TMetric, type TMetricBand } from "@coherence/shared";

/** Bounds are inclusive; null is unbounded. */
export type Range = [low: number | null, high: number | null];

/** A metric's target band (good) and a tolerance band (fair); anything else needs work. */
export type MetricBand = TMetricBand;
export type MetricBands = Record<string, MetricBand>;

/**
 * Starting bands from coaching.md, also seeded into `metric_bands` by
 * migrations/0004_analysis.sql (a test keeps the two equal). Every band is
 * configurable: `coherence thresholds set-band`, then pass `getMetricBands(db)`
 * to `fuse`/`rescore`. Percentages are 0–100.
 */
export const DEFAULT_METRIC_BANDS: MetricBands = {
  // Speaker Coach 100–165 WPM; comprehension falls past about 190 (shared: every page uses it).
  averageWordsPerMinutePace: { good: [...PACE_BAND_WPM.good], fair: [...PACE_BAND_WPM.fair] },
  // Poised-style: < 2 % excellent, 2–5 % good, > 5 % needs work.
  fillerDensity: { good: [null, 2], fair: [null, 5] },
  hedgeDensity: { good: [null, 1.5], fair: [null, 3] },
  conciseness: { good: [92, null], fair: [85, null] },
  nonInclusiveLanguageOccurrencesCount: { good: [null, 0], fair: [null, 1] },
  incorrectCameraDistanceOccurrencesCount: { good: [null, 0], fair: [null, 1] },
  obstructedViewOccurrencesCount: { good: [null, 0], fair: [null, 1] },
  eyeContactShare: { good: [70, null], fair: [50, null] },
  // Lively speech varies by 2+ semitones; below about 1.2 reads as monotone.
  pitchVariation: { good: [2, null], fair: [1.2, null] },
  loudnessVariation: { good: [3, 12], fair: [2, 15] },
  fidgetingShare: { good: [null, 10], fair: [null, 25] },
  // Pauses over 1.2 s mid-clause read as uncertainty.
  midClausePauseCount: { good: [null, 1], fair: [null, 3] },
};

function inside(value: number, [low, high]: Range): boolean {
  return (low === null || value >= low) && (high === null || value <= high);
}

/** The verdict for a value against a band. */
export function rate(value: number, band: MetricBand): NonNullable<TMetric["rating"]> {
  if (inside(value, band.good)) return "good";
  if (inside(value, band.fair)) return "fair";
  return "needs-work";
}

/** Sets a metric's band and rating from `bands` (or clears them when the metric has no band). */
export function rateMetric(metric: TMetric, bands: MetricBands): TMetric {
  const band = bands[metric.name];
  const { band: _b, rating: _r, ...rest } = metric;
  if (!band) return rest;
  return { ...rest, band: { low: band.good[0], high: band.good[1] }, rating: rate(metric.value, band) };
}
