import { describe, expect, it } from "vitest";
import { splitAtSilences } from "./pocketsphinx-chunks";

const RATE = 16_000;

/** A tone for each [start, end) second span, digital silence elsewhere. */
function speechAt(seconds: number, spoken: [number, number][]): Int16Array {
  const out = new Int16Array(seconds * RATE);
  for (const [a, b] of spoken) {
    for (let i = a * RATE; i < b * RATE; i++) out[i] = Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / RATE));
  }
  return out;
}

describe("splitAtSilences", () => {
  it("cuts in the pauses nearest the even split points and covers the audio exactly", () => {
    // Speech everywhere except pauses at 27–28 s, 55–56 s and 90–91 s.
    const samples = speechAt(120, [
      [0, 27],
      [28, 55],
      [56, 90],
      [91, 120],
    ]);
    const chunks = splitAtSilences({ samples, sampleRate: RATE, parts: 4 });
    expect(chunks).toHaveLength(4);
    expect(chunks[0]?.start).toBe(0);
    expect(chunks.at(-1)?.end).toBe(samples.length);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i]?.start).toBe(chunks[i - 1]?.end);
    const cuts = chunks.slice(1).map((c) => c.start / RATE);
    expect(cuts[0]).toBeGreaterThanOrEqual(27);
    expect(cuts[0]).toBeLessThanOrEqual(28);
    expect(cuts[1]).toBeGreaterThanOrEqual(55);
    expect(cuts[1]).toBeLessThanOrEqual(56);
    expect(cuts[2]).toBeGreaterThanOrEqual(90);
    expect(cuts[2]).toBeLessThanOrEqual(91);
  });

  it("keeps short audio, or one part, in one piece", () => {
    const samples = speechAt(1, [[0, 1]]);
    expect(splitAtSilences({ samples, sampleRate: RATE, parts: 4 })).toEqual([{ start: 0, end: samples.length }]);
    const long = speechAt(60, [[0, 60]]);
    expect(splitAtSilences({ samples: long, sampleRate: RATE, parts: 1 })).toEqual([{ start: 0, end: long.length }]);
  });

  it("still splits evenly when there is no pause to find", () => {
    const samples = speechAt(60, [[0, 60]]);
    const chunks = splitAtSilences({ samples, sampleRate: RATE, parts: 2, searchSeconds: 5 });
    expect(chunks).toHaveLength(2);
    expect(Math.abs((chunks[0]?.end ?? 0) / RATE - 30)).toBeLessThanOrEqual(5.5);
  });
});
