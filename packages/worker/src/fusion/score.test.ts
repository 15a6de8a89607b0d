import type { TFlag, TMetric } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { computeScore, flagImpact, SCORE, tierFor, tierWithin } from "./score";
import { DEFAULT_THRESHOLDS, resolveThresholds } from "./thresholds";

const flag = (p: Partial<TFlag>): TFlag => ({
  type: "GAZE_AVOIDANCE",
  start: 100,
  end: 110,
  severity: 1,
  confidence: 0.9,
  evidence: { quote: "", observation: "", provider: "test" },
  tip: "",
  ...p,
});
const metric = (rating: TMetric["rating"]): TMetric => ({ name: `m-${rating}`, value: 1, unit: "", rating });

describe("tierFor", () => {
  it("uses Needs Work < 50 ≤ Developing < 70 ≤ Proficient < 85 ≤ Compelling", () => {
    expect([0, 49, 50, 69, 70, 84, 85, 100].map(tierFor)).toEqual([
      "Needs Work",
      "Needs Work",
      "Developing",
      "Developing",
      "Proficient",
      "Proficient",
      "Compelling",
      "Compelling",
    ]);
  });
});

describe("tierWithin (stored tier bounds)", () => {
  it("places scores by the given bounds, and computeScore uses them", () => {
    const strict = { Compelling: 95, Proficient: 80, Developing: 60 };
    expect([59, 60, 79, 80, 94, 95].map((s) => tierWithin(s, strict))).toEqual([
      "Needs Work",
      "Developing",
      "Developing",
      "Proficient",
      "Proficient",
      "Compelling",
    ]);
    const clean = { flags: [], metrics: [], durationSeconds: 60, thresholds: DEFAULT_THRESHOLDS };
    expect(computeScore(clean).tier).toBe("Compelling");
    expect(computeScore({ ...clean, tierBounds: { Compelling: 100.5, Proficient: 99, Developing: 50 } }).tier).toBe(
      "Proficient",
    );
  });
});

describe("flagImpact", () => {
  it("is type weight × severity × duration share", () => {
    expect(flagImpact(flag({}), 200, DEFAULT_THRESHOLDS)).toBeCloseTo(0.8 * 1 * (10 / 200));
    expect(flagImpact(flag({ severity: 0.5 }), 200, DEFAULT_THRESHOLDS)).toBeCloseTo(0.8 * 0.5 * (10 / 200));
    expect(flagImpact(flag({ type: "EMOTIONAL_MISMATCH" }), 200, DEFAULT_THRESHOLDS)).toBeCloseTo(1 * (10 / 200));
  });

  it("counts a very short flag as the minimum length, and weighs the opening of the talk more", () => {
    expect(flagImpact(flag({ start: 100, end: 100.5 }), 200, DEFAULT_THRESHOLDS)).toBeCloseTo(
      0.8 * (SCORE.minFlagSeconds / 200),
    );
    expect(flagImpact(flag({ start: 5, end: 15 }), 200, DEFAULT_THRESHOLDS)).toBeCloseTo(
      0.8 * (10 / 200) * SCORE.primacyBoost,
    );
  });
});

describe("computeScore", () => {
  it("is 100 with no flags and all metrics good", () => {
    const s = computeScore({
      flags: [],
      metrics: [metric("good")],
      durationSeconds: 60,
      thresholds: DEFAULT_THRESHOLDS,
    });
    expect(s).toMatchObject({ score: 100, tier: "Compelling", dissonance: 100, delivery: 100 });
  });

  it("follows the documented formula", () => {
    const flags = [flag({}), flag({ start: 150, end: 154, severity: 0.5, type: "PACE_MISMATCH" })];
    const metrics = [metric("good"), metric("fair"), metric("needs-work"), { name: "unrated", value: 3, unit: "" }];
    const s = computeScore({ flags, metrics, durationSeconds: 200, thresholds: DEFAULT_THRESHOLDS });
    const impact = 0.8 * (10 / 200) + 0.6 * 0.5 * (4 / 200);
    const d = 100 * Math.exp(-SCORE.k * impact);
    const m = (100 * (1 + 0.6 + 0.2)) / 3;
    expect(s.impact).toBeCloseTo(impact, 4);
    expect(s.score).toBe(Math.round(0.6 * d + 0.4 * m));
  });

  it("falls with more, longer and more severe flags, and with worse metrics", () => {
    const base = { metrics: [metric("good")], durationSeconds: 300, thresholds: DEFAULT_THRESHOLDS };
    const one = computeScore({ ...base, flags: [flag({})] }).score;
    const two = computeScore({ ...base, flags: [flag({}), flag({ start: 200, end: 210 })] }).score;
    const longer = computeScore({ ...base, flags: [flag({ end: 130 })] }).score;
    const milder = computeScore({ ...base, flags: [flag({ severity: 0.3 })] }).score;
    expect(two).toBeLessThan(one);
    expect(longer).toBeLessThan(one);
    expect(milder).toBeGreaterThan(one);
    expect(computeScore({ ...base, metrics: [metric("needs-work")], flags: [flag({})] }).score).toBeLessThan(one);
  });

  it("weights types by their threshold weight", () => {
    const base = { metrics: [], durationSeconds: 100 };
    const heavy = resolveThresholds({ GAZE_AVOIDANCE: { weight: 2 } });
    expect(computeScore({ ...base, flags: [flag({})], thresholds: heavy }).score).toBeLessThan(
      computeScore({ ...base, flags: [flag({})], thresholds: DEFAULT_THRESHOLDS }).score,
    );
    expect(
      computeScore({ ...base, flags: [flag({})], thresholds: resolveThresholds({ GAZE_AVOIDANCE: { weight: 0 } }) })
        .score,
    ).toBe(100);
  });

  it("uses the dissonance part alone when no metric is rated, and stays in 0–100", () => {
    const s = computeScore({
      flags: [flag({ start: 0, end: 100 })],
      metrics: [],
      durationSeconds: 100,
      thresholds: DEFAULT_THRESHOLDS,
    });
    expect(s.delivery).toBeNull();
    expect(s.score).toBe(Math.round(100 * Math.exp(-SCORE.k * 0.8 * SCORE.primacyBoost)));
    expect(s.score).toBeGreaterThanOrEqual(0);
  });
});
