import { describe, expect, it } from "vitest";
import { computeOverview } from "./compute-overview";
import type { AnalysedTalk } from "./load-analysed-talks";
import { pickTalkMetrics } from "./talk-metrics";

describe("pickTalkMetrics", () => {
  it("reads the preferred name first, then aliases, and converts fractions to percent", () => {
    expect(
      pickTalkMetrics([
        { name: "averageWordsPerMinutePace", value: 150.04, unit: "wpm" },
        { name: "wpm", value: 142, unit: "wpm" },
        { name: "filler_density", value: 0.0312, unit: "ratio" },
        { name: "eyeContactShare", value: 72.5, unit: "%" },
      ]),
    ).toEqual({ wpm: 142, fillerDensity: 3.12, eyeContact: 72.5 });
  });

  it("leaves missing metrics null", () => {
    expect(pickTalkMetrics([])).toEqual({ wpm: null, fillerDensity: null, eyeContact: null });
  });
});

const talk = (score: number, tier: string, day: number): AnalysedTalk => ({
  videoId: `00000000-0000-4000-8000-00000000000${day}`,
  analysisId: `a${day}`,
  title: `Talk ${day}`,
  recordedAt: new Date(Date.UTC(2026, 0, day)),
  durationSeconds: 90,
  score,
  tier,
  flagCount: 1,
  flagsPerMinute: 0.67,
  wpm: null,
  fillerDensity: 2,
  eyeContact: null,
});

describe("computeOverview", () => {
  it("gives ties for best to the most recent talk and deltas only where both talks have the metric", () => {
    const out = computeOverview({
      talks: [talk(70, "Proficient", 1), talk(70, "Proficient", 2)],
      flagTypes: [
        { type: "PACE_MISMATCH", count: 2, totalSeconds: 3 },
        { type: "GAZE_AVOIDANCE", count: 2, totalSeconds: 8.04 },
      ],
      talksInProgress: 0,
    });
    expect(out.best?.title).toBe("Talk 2");
    expect(out.changeSincePrevious).toEqual({
      score: 0,
      wpm: null,
      fillerDensity: 0,
      eyeContact: null,
      flagsPerMinute: 0,
    });
    // Equal counts: the type covering more time comes first.
    expect(out.topFlagTypes.map((f) => f.type)).toEqual(["GAZE_AVOIDANCE", "PACE_MISMATCH"]);
    expect(out.topFlagTypes[0]?.totalSeconds).toBe(8);
    expect(out.totalMinutes).toBe(3);
  });
});
