import type { TVisualTimeline } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { markEstimatedMetrics } from "./estimated-metrics";

const visual = (estimate?: TVisualTimeline["estimate"]): TVisualTimeline => ({
  provider: "twelvelabs",
  fps: 2,
  frames: [],
  motion: [],
  observations: [],
  ...(estimate ? { estimate } : {}),
});
const metrics = [
  { name: "eyeContactShare", value: 80, unit: "%", details: { framesJudged: 12 } },
  { name: "wordsSpokenCount", value: 40, unit: "words" },
];

describe("markEstimatedMetrics", () => {
  it("names the source on the estimated metrics only, keeping their details", () => {
    const out = markEstimatedMetrics({
      metrics,
      visual: visual({ source: "twelvelabs:pegasus-description", metrics: ["eyeContactShare"], warnings: [] }),
    });
    expect(out.metrics).toEqual([
      { ...metrics[0], details: { framesJudged: 12, estimatedBy: "twelvelabs:pegasus-description" } },
      metrics[1],
    ]);
  });

  it("leaves a measured timeline's metrics as they are", () => {
    const input = { metrics, visual: visual() };
    expect(markEstimatedMetrics(input)).toBe(input);
  });
});
