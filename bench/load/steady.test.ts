import { describe, expect, it } from "vitest";
import { steadyThroughput } from "./steady";

describe("steadyThroughput", () => {
  it("counts only the responses after every connection's first one", () => {
    // 10 connections whose first answers all land at 4 s, then 100 responses/s until 5 s.
    const first = Array.from({ length: 10 }, () => 4000);
    const after = Array.from({ length: 100 }, (_, i) => 4000 + (i + 1) * 10);
    expect(steadyThroughput({ doneAt: [...after, ...first], connections: 10, durationMs: 5000 })).toEqual({
      rps: 100,
      firstRoundMs: 4000,
    });
  });

  it("falls back to the whole run when the first round ends too late or never", () => {
    expect(steadyThroughput({ doneAt: [4500, 4600.4], connections: 2, durationMs: 5000 })).toEqual({
      rps: 0,
      firstRoundMs: 4600,
    });
    expect(steadyThroughput({ doneAt: [100], connections: 2, durationMs: 5000 }).firstRoundMs).toBeUndefined();
  });
});
