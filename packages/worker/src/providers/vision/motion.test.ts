import type { TVisualFrame } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { computeMotion } from "./motion";

const PARTS = ["nose", "leftShoulder", "rightShoulder", "leftElbow", "rightElbow", "leftWrist", "rightWrist"];
const BASE: Record<string, [number, number]> = {
  nose: [0.5, 0.3],
  leftShoulder: [0.6, 0.5],
  rightShoulder: [0.4, 0.5],
  leftElbow: [0.65, 0.7],
  rightElbow: [0.35, 0.7],
  leftWrist: [0.62, 0.85],
  rightWrist: [0.38, 0.85],
};

/** A frame whose keypoints are the base pose, optionally scaled about the centre and with the wrists/elbows shifted. */
function frame(t: number, opts: { handShift?: number; bodyShift?: number; scale?: number } = {}): TVisualFrame {
  const s = opts.scale ?? 1;
  return {
    t,
    facePresent: true,
    body: PARTS.map((part) => {
      const [x, y] = BASE[part]!;
      const isHand = part.includes("Wrist") || part.includes("Elbow");
      const dx = (isHand ? (opts.handShift ?? 0) : 0) + (opts.bodyShift ?? 0);
      return { part, x: 0.5 + (x - 0.5) * s + dx * s, y: 0.5 + (y - 0.5) * s, score: 0.9 };
    }),
  };
}

const series = (n: number, f: (i: number) => TVisualFrame) => Array.from({ length: n }, (_, i) => f(i));

describe("computeMotion", () => {
  it("gives zero energy to a still presenter and more to moving hands, per window", () => {
    const frames = [
      ...series(8, (i) => frame(i / 2)), // 0–3.5 s still
      ...series(8, (i) => frame(4 + i / 2, { handShift: i % 2 === 0 ? 0.05 : -0.05 })), // 4–7.5 s waving hands
    ];
    const motion = computeMotion({ frames, aspect: 1, fps: 2, windowSeconds: 2 });
    expect(motion.map((w) => w.start)).toEqual([0, 2, 4, 6]);
    expect(motion[0]!.energy).toBe(0);
    expect(motion[3]!.hands).toBeGreaterThan(0.3);
    expect(motion[3]!.body).toBe(0);
    expect(motion[3]!.energy).toBe(motion[3]!.hands);
  });

  it("measures body sway separately from the hands", () => {
    const frames = series(8, (i) => frame(i / 2, { bodyShift: i % 2 === 0 ? 0.04 : -0.04 }));
    const [w] = computeMotion({ frames, aspect: 1, fps: 2, windowSeconds: 4 });
    expect(w!.body).toBeGreaterThan(0.3);
    expect(w!.hands).toBeCloseTo(w!.body!, 5);
  });

  it("is scale-invariant: the same gesture far from the camera reads the same", () => {
    const near = series(6, (i) => frame(i / 2, { handShift: i % 2 ? 0.05 : 0 }));
    const far = series(6, (i) => frame(i / 2, { handShift: i % 2 ? 0.05 : 0, scale: 0.5 }));
    const a = computeMotion({ frames: near, aspect: 16 / 9, fps: 2, windowSeconds: 3 });
    const b = computeMotion({ frames: far, aspect: 16 / 9, fps: 2, windowSeconds: 3 });
    expect(a[0]!.energy).toBeGreaterThan(0);
    expect(b[0]!.energy).toBeCloseTo(a[0]!.energy, 2);
  });

  it("leaves out windows with no tracked body and pairs across dropped frames", () => {
    const frames: TVisualFrame[] = [
      frame(0),
      frame(0.5, { handShift: 0.1 }),
      { t: 1, facePresent: false },
      { t: 1.5, facePresent: false },
      { t: 2, facePresent: false },
      { t: 2.5, facePresent: false },
      frame(4, { handShift: 0.3 }), // 1.5 s after the last frame: not a consecutive pair
      frame(4.5, { handShift: 0.3 }),
    ];
    const motion = computeMotion({ frames, aspect: 1, fps: 2, windowSeconds: 1 });
    expect(motion.map((w) => [w.start, w.end])).toEqual([
      [0, 1],
      [4, 5],
    ]);
    expect(motion[0]!.energy).toBeGreaterThan(0.3);
    expect(motion[1]!.energy).toBe(0);
  });
});
