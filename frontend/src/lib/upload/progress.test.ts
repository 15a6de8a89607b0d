import { describe, expect, it } from "vitest";
import { progressFigures } from "./progress";

describe("progressFigures", () => {
  it("gives percent, speed and time left", () => {
    const f = progressFigures({ loaded: 50, total: 200, startedAt: 0 }, 10_000);
    expect(f).toEqual({ percent: 25, bytesPerSecond: 5, secondsLeft: 30 });
  });

  it("does not count bytes a previous session already sent in the speed", () => {
    const f = progressFigures({ loaded: 150, total: 200, startedAt: 0, sentBefore: 100 }, 10_000);
    expect(f.percent).toBe(75);
    expect(f.bytesPerSecond).toBe(5);
    expect(f.secondsLeft).toBe(10);
  });

  it("has no speed or time left before any byte moved", () => {
    expect(progressFigures({ loaded: 0, total: 200, startedAt: 0 }, 0)).toEqual({
      percent: 0,
      bytesPerSecond: 0,
      secondsLeft: null,
    });
  });
});
