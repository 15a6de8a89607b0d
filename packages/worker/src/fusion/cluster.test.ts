import { describe, expect, it } from "vitest";
import {
  applyThresholds,
  buildHeatmap,
  clampFlagsToDuration,
  clusterEvents,
  clusterToFlag,
  eventsToFlags,
  mergeQuotes,
  smoothClusters,
} from "./cluster";
import { rawEvent } from "./testing/build";
import { DEFAULT_THRESHOLDS, resolveThresholds } from "./thresholds";
import { TIPS } from "./tips";

const T = DEFAULT_THRESHOLDS;

describe("applyThresholds", () => {
  it("drops events below their type's confidence or severity", () => {
    const events = [
      rawEvent({ start: 0, end: 2, confidence: 0.49 }),
      rawEvent({ start: 0, end: 2, confidence: 0.5 }),
      rawEvent({ start: 0, end: 2, severity: 0.29 }),
    ];
    expect(applyThresholds(events, T)).toEqual([events[1]]);
  });

  it("is stricter for EMOTIONAL_MISMATCH than for the other types", () => {
    const e = { start: 0, end: 3, confidence: 0.6, severity: 0.35 };
    expect(applyThresholds([rawEvent({ ...e, type: "GAZE_AVOIDANCE" })], T)).toHaveLength(1);
    expect(applyThresholds([rawEvent({ ...e, type: "EMOTIONAL_MISMATCH" })], T)).toHaveLength(0);
    for (const type of Object.keys(T) as (keyof typeof T)[]) {
      if (type === "EMOTIONAL_MISMATCH") continue;
      expect(T.EMOTIONAL_MISMATCH.minConfidence).toBeGreaterThan(T[type].minConfidence);
    }
  });
});

describe("clusterEvents (gap merge)", () => {
  it("merges events of one type closer than the gap, keeps farther ones apart", () => {
    const events = [
      rawEvent({ start: 10, end: 11 }),
      rawEvent({ start: 12.5, end: 13 }), // gap 1.5 ≤ 2: merges
      rawEvent({ start: 16, end: 17 }), // gap 3 > 2: new cluster
    ];
    const clusters = clusterEvents(events, T);
    expect(clusters.map((c) => [c.start, c.end, c.members.length])).toEqual([
      [10, 13, 2],
      [16, 17, 1],
    ]);
  });

  it("never merges across types, and chains overlapping events", () => {
    const events = [
      rawEvent({ start: 0, end: 5 }),
      rawEvent({ start: 1, end: 2 }),
      rawEvent({ start: 6, end: 8 }),
      rawEvent({ start: 1, end: 3, type: "NERVOUS_FIDGETING" }),
    ];
    const clusters = clusterEvents(events, T);
    expect(clusters).toHaveLength(2);
    expect(clusters.find((c) => c.type === "GAZE_AVOIDANCE")).toMatchObject({ start: 0, end: 8 });
  });

  it("uses the type's own gap", () => {
    const events = [rawEvent({ start: 0, end: 1 }), rawEvent({ start: 4, end: 5 })];
    expect(clusterEvents(events, T)).toHaveLength(2);
    expect(clusterEvents(events, resolveThresholds({ GAZE_AVOIDANCE: { mergeGapSeconds: 3 } }))).toHaveLength(1);
  });
});

describe("smoothClusters", () => {
  it("suppresses an isolated short spike unless it is confident", () => {
    const weak = clusterEvents([rawEvent({ start: 5, end: 5.6, confidence: 0.7 })], T);
    const strong = clusterEvents([rawEvent({ start: 5, end: 5.6, confidence: 0.9 })], T);
    expect(smoothClusters(weak, T)).toEqual([]);
    expect(smoothClusters(strong, T)).toHaveLength(1);
  });

  it("keeps a short event that is corroborated by a neighbour", () => {
    const clusters = clusterEvents(
      [rawEvent({ start: 5, end: 5.3, confidence: 0.6 }), rawEvent({ start: 5.8, end: 6, confidence: 0.6 })],
      T,
    );
    expect(smoothClusters(clusters, T)).toHaveLength(1);
  });

  it("requires the minimum duration even of confident clusters", () => {
    const clusters = clusterEvents([rawEvent({ start: 5, end: 5.2, confidence: 0.99 })], T);
    expect(smoothClusters(clusters, T)).toEqual([]);
    expect(smoothClusters(clusters, resolveThresholds({ GAZE_AVOIDANCE: { minDurationSeconds: 0.1 } }))).toHaveLength(
      1,
    );
  });
});

describe("clusterToFlag / eventsToFlags", () => {
  it("takes the strongest severity, raises confidence with corroboration and keeps evidence", () => {
    const flag = clusterToFlag({
      type: "GAZE_AVOIDANCE",
      start: 1,
      end: 4,
      members: [
        rawEvent({
          start: 1,
          end: 2,
          confidence: 0.6,
          severity: 0.5,
          quote: "first",
          observation: "weak",
          provider: "a",
        }),
        rawEvent({
          start: 3,
          end: 4,
          confidence: 0.7,
          severity: 0.9,
          quote: "second",
          observation: "strong",
          provider: "a+b",
        }),
      ],
    });
    expect(flag.severity).toBe(0.9);
    expect(flag.confidence).toBeCloseTo(1 - 0.4 * 0.3, 3);
    expect(flag.evidence).toEqual({
      quote: "first … second",
      observation: "strong",
      provider: "a+b",
      details: { detections: 2 },
    });
    expect(flag.tip).toBe(TIPS.GAZE_AVOIDANCE);
  });

  it("runs threshold, cluster and smoothing in order", () => {
    const flags = eventsToFlags(
      [
        rawEvent({ start: 0, end: 2, confidence: 0.2 }), // below threshold
        rawEvent({ start: 10, end: 12 }),
        rawEvent({ start: 13, end: 14 }),
        rawEvent({ start: 30, end: 30.4, confidence: 0.6 }), // spike
        rawEvent({ start: 20, end: 22, type: "PACE_MISMATCH" }),
      ],
      T,
    );
    expect(flags.map((f) => [f.type, f.start, f.end])).toEqual([
      ["GAZE_AVOIDANCE", 10, 14],
      ["PACE_MISMATCH", 20, 22],
    ]);
  });

  it("gives no flags for no events", () => {
    expect(eventsToFlags([], T)).toEqual([]);
  });
});

describe("buildHeatmap", () => {
  const flag = (start: number, end: number, severity: number) => ({
    ...clusterToFlag({ type: "GAZE_AVOIDANCE", start, end, members: [rawEvent({ start, end, severity })] }),
  });

  it("has fixed bins covering the talk, each with the strongest severity touching it", () => {
    const heatmap = buildHeatmap([flag(2, 7, 0.4), flag(6, 9, 0.8), flag(20, 21, 0.5)], 22, 5);
    expect(heatmap.binSeconds).toBe(5);
    expect(heatmap.bins).toEqual([0.4, 0.8, 0, 0, 0.5]);
  });

  it("does not spill a flag ending on a bin edge into the next bin, and clamps flags past the end", () => {
    expect(buildHeatmap([flag(0, 5, 0.6)], 10, 5).bins).toEqual([0.6, 0]);
    expect(buildHeatmap([flag(8, 30, 0.6)], 10, 5).bins).toEqual([0, 0.6]);
  });

  it("ends the last bin at the talk's end instead of a whole bin later", () => {
    const heatmap = buildHeatmap([flag(9, 12, 0.7)], 10.4, 5);
    expect(heatmap.bins).toEqual([0, 0.7, 0.7]);
    expect(heatmap.durationSeconds).toBe(10.4);
    expect(heatmap.durationSeconds!).toBeLessThan(heatmap.bins.length * heatmap.binSeconds);
    // A flag wholly after the end paints nothing.
    expect(buildHeatmap([flag(11, 13, 0.7)], 10.4, 5).bins).toEqual([0, 0, 0]);
  });

  it("has at least one bin even for an empty talk", () => {
    expect(buildHeatmap([], 0).bins).toEqual([0]);
  });
});

describe("clampFlagsToDuration", () => {
  const flag = (start: number, end: number) =>
    clusterToFlag({ type: "GAZE_AVOIDANCE", start, end, members: [rawEvent({ start, end })] });

  it("cuts flags at the talk's end and drops those starting after it", () => {
    const out = clampFlagsToDuration([flag(1, 3), flag(9, 12.5), flag(10.5, 11)], 10.4);
    expect(out.map((f) => [f.start, f.end])).toEqual([
      [1, 3],
      [9, 10.4],
    ]);
  });

  it("leaves flags alone when the duration is unknown", () => {
    expect(clampFlagsToDuration([flag(9, 12)], 0).map((f) => f.end)).toEqual([12]);
  });
});

describe("mergeQuotes", () => {
  it("continues a quote that starts with the end of the previous one, and drops one it contains", () => {
    expect(
      mergeQuotes([
        "I am confident this plan will work, and we",
        "plan will work, and we will deliver it on time.",
        "will deliver it",
      ]),
    ).toEqual(["I am confident this plan will work, and we will deliver it on time."]);
  });

  it("keeps disjoint quotes as separate pieces", () => {
    expect(mergeQuotes(["the key point", "join us today"])).toEqual(["the key point", "join us today"]);
    expect(mergeQuotes([])).toEqual([]);
  });
});
