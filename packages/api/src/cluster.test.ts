import { describe, expect, it } from "vitest";
import { shouldReplaceWorker } from "./cluster";

describe("shouldReplaceWorker", () => {
  it("replaces a worker that died, unless deaths within a minute exceed the limit", () => {
    const now = 1_000_000;
    expect(shouldReplaceWorker({ crashes: [now], now, limit: 4 })).toBe(true);
    expect(shouldReplaceWorker({ crashes: [now - 4, now - 3, now - 2, now - 1, now], now, limit: 4 })).toBe(false);
    // Old crashes no longer count.
    expect(
      shouldReplaceWorker({ crashes: [now - 120_000, now - 90_000, now - 61_000, now - 60_001, now], now, limit: 4 }),
    ).toBe(true);
  });
});
