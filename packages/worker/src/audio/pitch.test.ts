import { describe, expect, it } from "vitest";
import { createPitchEstimator, toPitchSignal } from "./pitch";
import { silence, sine, voiced } from "./testing/signals";

function estimateWhole(samples: Int16Array): number | null {
  const { signal, sampleRate } = toPitchSignal({ samples, sampleRate: 16_000 });
  return createPitchEstimator({ signal, sampleRate })(0, Math.round(0.1 * sampleRate));
}

describe("pitch (YIN on 8 kHz decimated audio)", () => {
  it.each([85, 120, 165, 220, 310])("finds F0 of a %d Hz sine within 2 Hz", (hz) => {
    const f0 = estimateWhole(sine({ hz, seconds: 0.2 }));
    expect(f0).not.toBeNull();
    expect(Math.abs((f0 as number) - hz)).toBeLessThan(2);
  });

  it.each([100, 180, 250])("finds F0 of a harmonic-rich %d Hz voice-like tone, not a harmonic", (hz) => {
    const f0 = estimateWhole(voiced({ f0: hz, seconds: 0.2 }));
    expect(Math.abs((f0 as number) - hz)).toBeLessThan(3);
  });

  it("does not depend on the recording level (quiet voice is not read as ~3 kHz)", () => {
    for (const amplitude of [0.01, 0.1, 0.9]) {
      expect(Math.abs((estimateWhole(voiced({ f0: 150, seconds: 0.2, amplitude })) as number) - 150)).toBeLessThan(2);
    }
  });

  it("returns null for silence and for noise", () => {
    expect(estimateWhole(silence({ seconds: 0.2 }))).toBeNull();
    expect(estimateWhole(silence({ seconds: 0.2, noiseDb: -20 }))).toBeNull();
  });

  it("returns null outside the voice range", () => {
    expect(estimateWhole(sine({ hz: 1200, seconds: 0.2 }))).toBeNull();
  });
});
