import { describe, expect, it } from "vitest";
import { isOffCamera } from "../metrics/visual/eye-contact";
import { DEFAULT_FRAME_RULES, frameRuns, isDowncast, isSelfTouch, std } from "./signals";
import { calmFrame } from "./testing/build";

describe("signals", () => {
  it("judges single frames", () => {
    const calm = calmFrame(0);
    expect(isOffCamera(calm)).toBe(false);
    expect(isOffCamera({ t: 0, facePresent: false })).toBe(true);
    expect(isOffCamera({ t: 0, facePresent: true, head: { yaw: 40, pitch: 0, roll: 0 } })).toBe(true);
    expect(isDowncast({ ...calm, gaze: undefined, head: { yaw: 0, pitch: -20, roll: 0 } })).toBe(true);
    expect(isDowncast(calm)).toBe(false);
    expect(isSelfTouch({ ...calm, hands: [[{ part: "index", x: 0.5, y: 0.3, score: 0.9 }]] })).toBe(true);
    expect(isSelfTouch({ ...calm, hands: [[{ part: "index", x: 0.9, y: 0.9, score: 0.9 }]] })).toBe(false);
    expect(DEFAULT_FRAME_RULES.headYawOffDegrees).toBeGreaterThan(0);
  });
  it("finds runs, tolerating one flickering frame", () => {
    const frames = [0, 0.5, 1, 1.5, 2, 2.5, 3].map((t) => ({ ...calmFrame(t), facePresent: t !== 1.5 }));
    expect(frameRuns(frames, 2, (f) => f.facePresent, 2)).toEqual([{ start: 0, end: 3.5 }]);
    expect(std([1])).toBe(0);
  });
});

describe("speech windows", () => {
  it("uses voiced windows when the features carry pitch, else a fixed silence level", async () => {
    const { speechWindows, loudnessVariationDb } = await import("./signals");
    const withPitch = [
      { t: 0, rmsDb: -30, f0: null },
      { t: 0.1, rmsDb: -20, f0: 150 },
      { t: 0.2, rmsDb: -24, f0: 160 },
    ];
    expect(speechWindows(withPitch).map((w) => w.t)).toEqual([0.1, 0.2]);
    expect(loudnessVariationDb(withPitch)).toBeCloseTo(2);
    const noPitch = [
      { t: 0, rmsDb: -60, f0: null },
      { t: 0.1, rmsDb: -20, f0: null },
    ];
    expect(speechWindows(noPitch).map((w) => w.t)).toEqual([0.1]);
  });
  it("does not take a mouth-open face label for a hand gesture", async () => {
    const { hasHandGesture } = await import("./signals");
    expect(hasHandGesture({ ...calmFrame(0), gestures: ["facing center", "mouth 20% open", "looking left"] })).toBe(
      false,
    );
    expect(hasHandGesture({ ...calmFrame(0), gestures: ["raise left hand"] })).toBe(true);
  });
});
