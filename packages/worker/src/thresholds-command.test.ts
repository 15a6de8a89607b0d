import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "./fusion";
import { formatThresholds, parseThresholdsArgs } from "./thresholds-command";

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
