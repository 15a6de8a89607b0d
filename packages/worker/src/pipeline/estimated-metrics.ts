import type { TMetric, TVisualTimeline } from "@coherence/shared";

/**
 * Marks the metrics that the vision provider estimated from a description (its timeline's
 * `estimate`) rather than measured per frame: `details.estimatedBy` names the source, so the
 * stored result says which figures are a model's reading of the video. Fusion stays unaware.
 */
export function markEstimatedMetrics<R extends { metrics: TMetric[]; visual: TVisualTimeline }>(result: R): R {
  const estimate = result.visual.estimate;
  if (!estimate || estimate.metrics.length === 0) return result;
  const estimated = new Set(estimate.metrics);
  return {
    ...result,
    metrics: result.metrics.map((m) =>
      estimated.has(m.name) ? { ...m, details: { ...m.details, estimatedBy: estimate.source } } : m,
    ),
  };
}
