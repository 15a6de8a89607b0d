import { DISSONANCE_TYPES } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { TIPS } from "./tips";

describe("TIPS", () => {
  it("gives every dissonance type one line of at most 160 characters", () => {
    for (const type of DISSONANCE_TYPES) {
      expect(TIPS[type], type).toMatch(/^[^\n]{20,160}$/);
    }
  });

  // coaching.md lists the delivery sides of each type; the tip must answer each one the detector reports.
  it.each([
    ["GAZE_AVOIDANCE", /lens/, /in frame/],
    ["NERVOUS_FIDGETING", /hands/, /away from your face/],
    ["CONFIDENCE_MISMATCH", /hedges and fillers/, /eyes up/],
    ["MONOTONE_EMPHASIS", /pitch/, /volume/],
    ["EMOTIONAL_MISMATCH", /face/, /bad/],
  ] as const)("%s covers its delivery causes", (type, a, b) => {
    expect(TIPS[type]).toMatch(a);
    expect(TIPS[type]).toMatch(b);
  });
});
