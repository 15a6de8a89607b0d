import { describe, expect, it } from "vitest";
import { iou, matchFlags, rates, summarise, type TalkOutcome } from "./score";
import { isSay } from "./spec";
import { selectTalks } from "./split";
import { TALKS } from "./talks";

const EM = "EMOTIONAL_MISMATCH" as const;
const GAZE = "GAZE_AVOIDANCE" as const;

describe("iou", () => {
  it("is the overlap over the union, 0 for disjoint spans", () => {
    expect(iou({ start: 0, end: 4 }, { start: 2, end: 6 })).toBeCloseTo(2 / 6);
    expect(iou({ start: 0, end: 1 }, { start: 2, end: 3 })).toBe(0);
    expect(iou({ start: 1, end: 3 }, { start: 1, end: 3 })).toBe(1);
  });
});

describe("matchFlags", () => {
  it("matches one to one, same type only, best overlap first, down to IoU 0.3", () => {
    const labels = [
      { type: EM, start: 0, end: 4 },
      { type: EM, start: 10, end: 14 },
    ];
    const flags = [
      { type: EM, start: 0, end: 14 }, // overlaps both, but under 0.3 with each
      { type: EM, start: 0.5, end: 4 },
      { type: EM, start: 1, end: 4 }, // a second flag on the same label is a false flag
      { type: GAZE, start: 10, end: 14 }, // right place, wrong type
    ];
    const m = matchFlags(labels, flags);
    expect(m.matched).toEqual([{ label: 0, flag: 1, iou: 3.5 / 4 }]);
    expect(m.missed).toEqual([labels[1]]);
    expect(m.falseFlags).toEqual([flags[0], flags[2], flags[3]]);
  });
});

describe("rates", () => {
  it("gives precision, recall and F1, null when there is nothing to judge", () => {
    expect(rates({ tp: 3, fp: 1, fn: 2 })).toMatchObject({ precision: 0.75, recall: 0.6, f1: 6 / 9 });
    expect(rates({ tp: 0, fp: 0, fn: 0 })).toMatchObject({ precision: null, recall: null, f1: null });
    expect(rates({ tp: 0, fp: 2, fn: 0 })).toMatchObject({ precision: 0, recall: null, f1: 0 });
  });
});

describe("summarise", () => {
  const metrics = (wpm: number, eye: number) => ({
    wpm: { truth: 150, measured: wpm },
    eyeContact: { truth: 100, measured: eye },
    facePresence: { truth: 100, measured: 100 },
  });
  const outcomes: TalkOutcome[] = [
    {
      id: "a",
      calm: false,
      durationSeconds: 20,
      labels: [
        { type: EM, start: 0, end: 4, reverse: true },
        { type: EM, start: 10, end: 14, reverse: true },
      ],
      flags: [{ type: EM, start: 0, end: 4 }],
      metrics: metrics(165, 90),
      wer: { errors: 5, words: 20 },
    },
    {
      id: "calm",
      calm: true,
      durationSeconds: 30,
      labels: [],
      flags: [{ type: GAZE, start: 1, end: 3 }],
      metrics: metrics(150, 100),
      wer: { errors: 15, words: 20 },
    },
  ];
  it("counts per type and overall, the calm controls' false flags per minute and the reverse recall", () => {
    const s = summarise(outcomes);
    expect(s.perType.EMOTIONAL_MISMATCH).toMatchObject({ tp: 1, fp: 0, fn: 1, recall: 0.5 });
    expect(s.perType.GAZE_AVOIDANCE).toMatchObject({ tp: 0, fp: 1, fn: 0, precision: 0 });
    expect(s.micro).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(s.calm).toMatchObject({ talks: 1, flags: 1, flagsPerMinute: 2, talksWithFlags: ["calm"] });
    expect(s.reverseMismatchRecall).toBe(0.5);
  });
  it("reports the metric errors and the pooled WER", () => {
    const s = summarise(outcomes);
    expect(s.metricErrors.wpmRelative.mean).toBeCloseTo(0.05);
    expect(s.metricErrors.wpmRelative.max).toBeCloseTo(0.1);
    expect(s.metricErrors.eyeContactPoints).toMatchObject({ mean: 5, max: 10, n: 2 });
    expect(s.wer).toBe(0.5);
  });
});

describe("the talk set", () => {
  const types = (specs: typeof TALKS) =>
    new Set(specs.flatMap((t) => t.steps.filter(isSay).flatMap((s) => s.flags ?? [])));
  const labels = (specs: typeof TALKS) =>
    specs.flatMap((t) => t.steps.filter(isSay).flatMap((s) => s.flags ?? [])).length;

  it("has at least 16 talks with 40 labels over all seven types, and 6 calm controls at every size", () => {
    expect(TALKS.filter((t) => !t.calm).length).toBeGreaterThanOrEqual(16);
    expect(labels(TALKS)).toBeGreaterThanOrEqual(40);
    expect(types(TALKS).size).toBe(7);
    const calm = TALKS.filter((t) => t.calm);
    expect(calm.length).toBeGreaterThanOrEqual(6);
    expect(new Set(calm.map((t) => t.size))).toEqual(new Set(["closeup", "webcam", "wide"]));
    expect(calm.every((t) => t.steps.filter(isSay).every((s) => !s.flags?.length))).toBe(true);
  });

  it("splits into two halves that each cover every type and have calm controls at every size", () => {
    for (const split of ["tune", "heldout"] as const) {
      const half = selectTalks({ split });
      expect(types(half).size, split).toBe(7);
      expect(new Set(half.filter((t) => t.calm).map((t) => t.size)), split).toEqual(
        new Set(["closeup", "webcam", "wide"]),
      );
    }
    expect(selectTalks({ split: "all" })).toHaveLength(TALKS.length);
  });

  it("names every talk once", () => {
    expect(new Set(TALKS.map((t) => t.id)).size).toBe(TALKS.length);
  });
});
