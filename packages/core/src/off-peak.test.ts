import { describe, expect, it } from "vitest";
import { isInWindow, localMinuteOfDay, nextOffPeakRunAt, parseClockWindow } from "./off-peak";

const at = (iso: string) => new Date(iso);

describe("off-peak window", () => {
  it("parses HH:MM-HH:MM and rejects anything else", () => {
    expect(parseClockWindow("01:30-06:00")).toEqual({ startMinute: 90, endMinute: 360 });
    expect(() => parseClockWindow("1am-6am")).toThrow(/01:00-06:00/);
    expect(() => parseClockWindow("25:00-06:00")).toThrow(/invalid/);
  });

  it("knows inside from outside, including windows across midnight", () => {
    const night = parseClockWindow("22:00-05:00");
    expect(isInWindow(23 * 60, night)).toBe(true);
    expect(isInWindow(4 * 60 + 59, night)).toBe(true);
    expect(isInWindow(5 * 60, night)).toBe(false);
    expect(isInWindow(12 * 60, night)).toBe(false);
    expect(isInWindow(12 * 60, parseClockWindow("00:00-00:00"))).toBe(true);
  });

  it("runs now when inside the window", () => {
    const now = at("2026-03-10T02:15:00Z");
    expect(nextOffPeakRunAt({ now, window: parseClockWindow("01:00-06:00"), timeZone: "UTC" })).toEqual(now);
  });

  it("waits for today's window when before it, tomorrow's when after it", () => {
    const window = parseClockWindow("01:00-06:00");
    expect(nextOffPeakRunAt({ now: at("2026-03-10T00:30:00Z"), window, timeZone: "UTC" })).toEqual(
      at("2026-03-10T01:00:00Z"),
    );
    expect(nextOffPeakRunAt({ now: at("2026-03-10T14:00:00Z"), window, timeZone: "UTC" })).toEqual(
      at("2026-03-11T01:00:00Z"),
    );
  });

  it("computes the window in the configured time zone", () => {
    // 14:00 UTC is 09:00 in New York (EST, UTC-5); 01:00 New York is 06:00 UTC the next day.
    expect(localMinuteOfDay(at("2026-01-15T14:00:00Z"), "America/New_York")).toBe(9 * 60);
    const runAt = nextOffPeakRunAt({
      now: at("2026-01-15T14:00:00Z"),
      window: parseClockWindow("01:00-06:00"),
      timeZone: "America/New_York",
    });
    expect(runAt).toEqual(at("2026-01-16T06:00:00Z"));
  });

  it("spreads jobs across the window without leaving it", () => {
    const window = parseClockWindow("01:00-06:00");
    const runAt = nextOffPeakRunAt({
      now: at("2026-03-10T12:00:00Z"),
      window,
      timeZone: "UTC",
      spread: 1,
      random: () => 0.5,
    });
    expect(runAt).toEqual(at("2026-03-11T03:30:00Z"));
    for (const r of [0, 0.3, 0.99]) {
      const t = nextOffPeakRunAt({
        now: at("2026-03-10T05:00:00Z"),
        window,
        timeZone: "UTC",
        spread: 1,
        random: () => r,
      });
      expect(isInWindow(localMinuteOfDay(t, "UTC"), window)).toBe(true);
    }
  });
});
