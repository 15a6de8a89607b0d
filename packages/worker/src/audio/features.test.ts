import type { TWord } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { computeAudioFeatures } from "./features";
import { classifyPause } from "./pauses";
import { concat, silence, voiced } from "./testing/signals";

describe("computeAudioFeatures on a synthesised talk", () => {
  // 0–1 s 120 Hz "speech", 0.3 s gap, 1.3–2.3 s 200 Hz, 0.8 s gap, 3.1–4.1 s 150 Hz quieter, 2 s gap, 6.1–7.1 s 120 Hz.
  const samples = concat(
    voiced({ f0: 120, seconds: 1 }),
    silence({ seconds: 0.3, noiseDb: -70 }),
    voiced({ f0: 200, seconds: 1 }),
    silence({ seconds: 0.8, noiseDb: -70 }),
    voiced({ f0: 150, seconds: 1, amplitude: 0.1 }),
    silence({ seconds: 2, noiseDb: -70 }),
    voiced({ f0: 120, seconds: 1 }),
  );
  const words: TWord[] = [
    { word: "one", start: 0, end: 1, confidence: 1 },
    { word: "two", start: 1.3, end: 2.3, confidence: 1 },
    { word: "three", start: 3.1, end: 4.1, confidence: 1 },
    { word: "four", start: 6.1, end: 7.1, confidence: 1 },
  ];
  const features = computeAudioFeatures({ audio: { sampleRate: 16_000, samples }, words });

  it("emits one window per 0.1 s with level and pitch", () => {
    expect(features.windowSeconds).toBe(0.1);
    expect(features.windows).toHaveLength(71);
    const at = (t: number) => features.windows.find((x) => Math.abs(x.t - t) < 1e-6);
    expect(Math.abs((at(0.5)?.f0 ?? 0) - 120)).toBeLessThan(3);
    expect(Math.abs((at(1.8)?.f0 ?? 0) - 200)).toBeLessThan(3);
    expect(Math.abs((at(3.5)?.f0 ?? 0) - 150)).toBeLessThan(3);
    expect(at(5.0)?.f0).toBeNull();
    // The third segment is 10 dB quieter (amplitude 0.1 vs 0.3 → -9.5 dB).
    expect((at(1.8)?.rmsDb ?? 0) - (at(3.5)?.rmsDb ?? 0)).toBeCloseTo(9.5, 0);
    expect(at(5.0)?.rmsDb).toBeLessThan(-60);
  });

  it("finds the three gaps as short, medium and long pauses", () => {
    expect(features.pauses).toHaveLength(3);
    const [a, b, c] = features.pauses;
    expect(a?.start).toBeCloseTo(1.0, 1);
    expect(a?.end).toBeCloseTo(1.3, 1);
    expect(b?.start).toBeCloseTo(2.3, 1);
    expect(c?.end).toBeCloseTo(6.1, 1);
    expect(features.pauses.map((p) => classifyPause(p.end - p.start))).toEqual(["short", "medium", "long"]);
  });

  it("voiced windows carry pitch; every F0 is in the voice range", () => {
    const voicedWindows = features.windows.filter((x) => x.f0 !== null);
    expect(voicedWindows.length).toBeGreaterThan(35);
    for (const x of voicedWindows) expect(x.f0).toBeGreaterThanOrEqual(60);
  });
});
