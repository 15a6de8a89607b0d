import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "./fusion";
import { formatBands, formatThresholds, parseThresholdsArgs } from "./thresholds-command";

describe("parseThresholdsArgs", () => {
  it("defaults to get", () => {
    expect(parseThresholdsArgs([])).toEqual({ action: "get" });
    expect(parseThresholdsArgs(["get"])).toEqual({ action: "get" });
  });
  it("parses set, accepting lower-case types and snake_case fields", () => {
    expect(parseThresholdsArgs(["set", "gaze_avoidance", "min_confidence", "0.6"])).toEqual({
      action: "set",
      type: "GAZE_AVOIDANCE",
      field: "minConfidence",
      value: 0.6,
    });
  });
  it("parses tiers and set-tier, accepting any case for the tier", () => {
    expect(parseThresholdsArgs(["tiers"])).toEqual({ action: "tiers" });
    expect(parseThresholdsArgs(["set-tier", "compelling", "90"])).toEqual({
      action: "set-tier",
      tier: "Compelling",
      min: 90,
    });
    expect(parseThresholdsArgs(["set-tier", "Needs Work", "0"])).toMatchObject({
      error: expect.stringContaining("tier"),
    });
    expect(parseThresholdsArgs(["set-tier", "Proficient", "high"])).toMatchObject({
      error: expect.stringContaining("number"),
    });
    expect(parseThresholdsArgs(["set-tier", "Proficient"])).toMatchObject({
      error: expect.stringContaining("TIER MIN"),
    });
  });
  it("explains bad usage", () => {
    expect(parseThresholdsArgs(["frob"])).toEqual({ error: 'Unknown thresholds action "frob".' });
    expect(parseThresholdsArgs(["set", "GAZE_AVOIDANCE"])).toMatchObject({
      error: expect.stringContaining("TYPE FIELD VALUE"),
    });
    expect(parseThresholdsArgs(["set", "NOPE", "weight", "1"])).toMatchObject({
      error: expect.stringContaining("type"),
    });
    expect(parseThresholdsArgs(["set", "PACE_MISMATCH", "colour", "1"])).toMatchObject({
      error: expect.stringContaining("field"),
    });
    expect(parseThresholdsArgs(["set", "PACE_MISMATCH", "weight", "heavy"])).toMatchObject({
      error: expect.stringContaining("number"),
    });
  });
});

describe("formatThresholds", () => {
  it("prints one aligned row per type", () => {
    const lines = formatThresholds(DEFAULT_THRESHOLDS).trim().split("\n");
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^type\s+minConfidence/);
    expect(lines[1]).toMatch(/^EMOTIONAL_MISMATCH\s+0\.65\s+0\.4/);
  });
});

describe("bands commands", () => {
  it("parses bands and set-band with open bounds", () => {
    expect(parseThresholdsArgs(["bands"])).toEqual({ action: "bands" });
    expect(parseThresholdsArgs(["set-band", "fillerDensity", "good", "-", "3"])).toEqual({
      action: "set-band",
      name: "fillerDensity",
      range: "good",
      low: null,
      high: 3,
    });
    expect(parseThresholdsArgs(["set-band", "fillerDensity", "best", "1", "2"])).toMatchObject({
      error: expect.stringContaining("good"),
    });
    expect(parseThresholdsArgs(["set-band", "fillerDensity", "good", "x", "2"])).toMatchObject({
      error: expect.stringContaining("numbers"),
    });
    expect(parseThresholdsArgs(["set-band", "fillerDensity"])).toMatchObject({
      error: expect.stringContaining("METRIC"),
    });
  });
  it("formats bands", () => {
    const text = formatBands({ a: { good: [1, 2], fair: [null, 3] }, b: { good: [4, null], fair: [null, null] } });
    expect(text).toMatch(/^metric\s+good\s+fair\na\s+1–2\s+≤ 3\nb\s+≥ 4\s+any\n$/);
  });
});
