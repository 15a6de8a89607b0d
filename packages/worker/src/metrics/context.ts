import type { TAudioFeatures, TMetric, TVisualTimeline } from "@coherence/shared";
import type { MetricBands } from "../fusion/bands";
import type { FrameRules } from "../fusion/signals";
import { round } from "../fusion/text";
import type { Occurrence, VerbalFeatures } from "../fusion/verbal";

/** What every metric family reads: the talk's channels, the frame rules, and where to put a metric. */
export type MetricContext = {
  verbal: VerbalFeatures;
  visual: TVisualTimeline | null;
  audio: TAudioFeatures | null;
  rules: FrameRules;
  /** Rates the metric against its band and appends it to the talk's metrics. */
  add: (metric: TMetric) => void;
};

/** Most frequent texts, most frequent first. */
export function top(occurrences: Occurrence[], n = 5): { text: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const o of occurrences) counts.set(o.text, (counts.get(o.text) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([text, count]) => ({ text, count }));
}

/** The start times of the first `n` occurrences, to a tenth of a second (a metric's `details.times`). */
export const times = (xs: { start: number }[], n = 20) => xs.slice(0, n).map((x) => round(x.start, 1));

/** Seconds a gaze-off, distance or obstruction run must last to count as an occurrence. */
export const OCCURRENCE_SECONDS = { lostEyeContact: 2, cameraDistance: 3, obstructed: 1.5 } as const;

export type { MetricBands };
