import { describe, expect, it } from "vitest";
import { pollDelay } from "./poll";

describe("pollDelay", () => {
  const base = { baseMs: 1500, done: false, hidden: false, failures: 0 };

  it("polls at the base rate while the work runs and the page is visible", () => {
    expect(pollDelay(base)).toBe(1500);
  });

  it("stops once the work is done (complete or failed)", () => {
    expect(pollDelay({ ...base, done: true })).toBe(false);
    expect(pollDelay({ ...base, done: true, hidden: true, failures: 3 })).toBe(false);
  });

  it("backs off while the tab is hidden", () => {
    expect(pollDelay({ ...base, hidden: true })).toBe(15_000);
  });

  it("doubles after each failure in a row, capped at a minute", () => {
    expect(pollDelay({ ...base, failures: 1 })).toBe(3000);
    expect(pollDelay({ ...base, failures: 3 })).toBe(12_000);
    expect(pollDelay({ ...base, failures: 50 })).toBe(60_000);
    expect(pollDelay({ ...base, hidden: true, failures: 2 })).toBe(60_000);
  });
});
