import { describe, expect, it } from "vitest";
import { frameLevels, rmsDb, SILENCE_DB, silenceThresholdDb } from "./energy";
import { concat, silence, sine } from "./testing/signals";

describe("rmsDb", () => {
  it("reads a half-scale sine at about -9 dBFS and silence at the floor", () => {
    expect(rmsDb(sine({ hz: 200, seconds: 0.5, amplitude: 0.5 }))).toBeCloseTo(-9.03, 1);
    expect(rmsDb(sine({ hz: 200, seconds: 0.5, amplitude: 1 }))).toBeCloseTo(-3.01, 1);
    expect(rmsDb(silence({ seconds: 0.1 }))).toBe(SILENCE_DB);
    expect(rmsDb(silence({ seconds: 1, noiseDb: -50 }))).toBeCloseTo(-50, 0);
  });
});

describe("silenceThresholdDb", () => {
  it("sits between the noise floor and the speech level", () => {
    const quiet = frameLevels({
      samples: concat(sine({ hz: 200, seconds: 1 }), silence({ seconds: 1, noiseDb: -60 })),
      sampleRate: 16_000,
      frameSeconds: 0.01,
    });
    const t = silenceThresholdDb(quiet);
    expect(t).toBeGreaterThan(-60);
    expect(t).toBeLessThan(-15);

    const noisy = frameLevels({
      samples: concat(sine({ hz: 200, seconds: 1, amplitude: 0.3 }), silence({ seconds: 1, noiseDb: -35 })),
      sampleRate: 16_000,
      frameSeconds: 0.01,
    });
    const tn = silenceThresholdDb(noisy);
    expect(tn).toBeGreaterThan(-35);
    expect(tn).toBeLessThan(-13.5);
  });
});
