import type { TWord } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { classifyPause, detectPauses } from "./pauses";

const w = (word: string, start: number, end: number): TWord => ({ word, start, end, confidence: 0.9 });

/** Frame levels (10 ms) from [start, end, dB] spans over a background of -80 dB. */
function levelsFrom(seconds: number, loud: [number, number, number][]): number[] {
  return Array.from({ length: Math.round(seconds * 100) }, (_, i) => {
    const t = i / 100;
    const span = loud.find(([a, b]) => t >= a && t < b);
    return span ? span[2] : -80;
  });
}

describe("classifyPause", () => {
  it("uses the coaching bands 0.15 / 0.5 / 1.5 s", () => {
    expect(classifyPause(0.1)).toBeNull();
    expect(classifyPause(0.15)).toBe("short");
    expect(classifyPause(0.49)).toBe("short");
    expect(classifyPause(0.5)).toBe("medium");
    expect(classifyPause(1.49)).toBe("medium");
    expect(classifyPause(1.5)).toBe("long");
  });
});

describe("detectPauses", () => {
  it("finds silent runs inside the talk, with energy boundaries, and ignores lead-in and tail", () => {
    // Speech 0.5–1.5, 1.8–2.5, 3.5–4.0, 6.0–7.0; silence elsewhere.
    const levels = levelsFrom(8, [
      [0.5, 1.5, -20],
      [1.8, 2.5, -20],
      [3.5, 4.0, -20],
      [6.0, 7.0, -20],
    ]);
    // The recogniser stretches words into the silences (as pocketsphinx does).
    const words = [w("one", 0.5, 1.6), w("two", 1.75, 2.6), w("three", 3.4, 4.1), w("four", 5.9, 7.0)];
    const pauses = detectPauses({ levels, frameSeconds: 0.01, silenceDb: -50, speechDb: -20, words });
    expect(pauses).toHaveLength(3);
    expect(pauses[0]).toEqual({ start: 1.5, end: 1.8 });
    expect(pauses[1]).toEqual({ start: 2.5, end: 3.5 });
    expect(pauses[2]).toEqual({ start: 4.0, end: 6.0 });
    expect(pauses.map((p) => classifyPause(p.end - p.start))).toEqual(["short", "medium", "long"]);
  });

  it("ignores silences shorter than 0.15 s (stop closures between words)", () => {
    const levels = levelsFrom(3, [
      [0.2, 1.0, -20],
      [1.1, 2.0, -20],
    ]);
    const words = [w("a", 0.2, 1.0), w("b", 1.1, 2.0)];
    expect(detectPauses({ levels, frameSeconds: 0.01, silenceDb: -50, speechDb: -20, words })).toEqual([]);
  });

  it("counts a quiet but not silent word gap (noisy room) as a pause, but not loud un-transcribed sound", () => {
    // Gap 1.0–1.6 at -38 dB (room noise, above the silence threshold); gap 2.6–3.2 at -22 dB (someone talking).
    const levels = levelsFrom(4.5, [
      [0, 1.0, -20],
      [1.0, 1.6, -38],
      [1.6, 2.6, -20],
      [2.6, 3.2, -22],
      [3.2, 4.5, -20],
    ]);
    const words = [w("a", 0, 1.0), w("b", 1.6, 2.6), w("c", 3.2, 4.5)];
    const pauses = detectPauses({ levels, frameSeconds: 0.01, silenceDb: -45, speechDb: -20, words });
    expect(pauses).toEqual([{ start: 1.0, end: 1.6 }]);
  });

  it("falls back to energy alone when there are no words", () => {
    const levels = levelsFrom(5, [
      [1, 2, -20],
      [3, 4, -20],
    ]);
    expect(detectPauses({ levels, frameSeconds: 0.01, silenceDb: -50, speechDb: -20, words: [] })).toEqual([
      { start: 2, end: 3 },
    ]);
  });
});

describe("detectPauses on long talks", () => {
  it("handles an hour of words quickly and treats overlapping words as continuous speech", () => {
    // 3600 s of 10 ms frames, a word every 0.5 s lasting 0.4 s, loud throughout (no silent runs).
    const levels = new Array(360_000).fill(-20);
    const words = Array.from({ length: 7200 }, (_, i) => w(`w${i}`, i * 0.5, i * 0.5 + 0.4));
    // One long word overlapping the next two: no gap may open inside it.
    words[10] = w("long", 5, 6.6);
    const started = performance.now();
    const pauses = detectPauses({ levels, frameSeconds: 0.01, silenceDb: -50, speechDb: -20, words });
    expect(performance.now() - started).toBeLessThan(2000);
    // Gaps of 0.1 s are below the 0.15 s minimum, and the level never drops: no pauses.
    expect(pauses).toEqual([]);
  });
});
