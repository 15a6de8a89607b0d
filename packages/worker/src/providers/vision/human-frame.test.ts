import type { Result } from "@vladmandic/human";
import { describe, expect, it } from "vitest";
import { irisWeight } from "./gaze";
import { emotionDistribution, toVisualFrame } from "./human-frame";

describe("emotionDistribution", () => {
  it("normalises Human's scores over all seven emotions", () => {
    const d = emotionDistribution([
      { score: 0.4, emotion: "angry" },
      { score: 0.31, emotion: "happy" },
      { score: 0.22, emotion: "neutral" },
    ])!;
    expect(Object.keys(d).sort()).toEqual(["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"]);
    expect(Object.values(d).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(d.angry).toBeCloseTo(0.4 / 0.93, 3);
    expect(d.sad).toBe(0);
  });

  it("is undefined without scores", () => {
    expect(emotionDistribution(undefined)).toBeUndefined();
    expect(emotionDistribution([])).toBeUndefined();
  });
});

describe("toVisualFrame", () => {
  it("records an empty frame as no face", () => {
    const result = { face: [], body: [], hand: [], gesture: [] } as unknown as Result;
    expect(toVisualFrame({ t: 1.5, result, width: 640, height: 360 })).toEqual({ t: 1.5, facePresent: false });
  });

  it("maps face box, head angles (degrees, yaw toward the presenter's left), body, hands and gestures", () => {
    const result = {
      face: [
        {
          score: 0.97,
          boxRaw: [0.3, 0.1, 0.25, 0.45],
          mesh: Array.from({ length: 468 }, () => [0, 0, 0]),
          emotion: [{ score: 0.9, emotion: "happy" }],
          rotation: { angle: { yaw: -Math.PI / 9, pitch: 0.1, roll: 0 }, gaze: { bearing: 0, strength: 0 } },
        },
      ],
      body: [{ score: 0.8, keypoints: [{ part: "nose", positionRaw: [0.5, 0.3], position: [320, 108], score: 0.9 }] }],
      hand: [{ score: 0.7, keypoints: [[320, 180, 0]] }],
      gesture: [
        { face: 0, gesture: "facing left" },
        { body: 0, gesture: "raise left hand" },
        { face: 0, gesture: "facing left" },
      ],
    } as unknown as Result;
    const f = toVisualFrame({ t: 2, result, width: 640, height: 360 });
    expect(f.facePresent).toBe(true);
    expect(f.face).toEqual({ x: 0.3, y: 0.1, width: 0.25, height: 0.45, confidence: 0.97 });
    expect(f.head?.yaw).toBeCloseTo(20, 1);
    expect(f.head?.pitch).toBeCloseTo(5.7, 1);
    // A 468-point mesh has no iris landmarks, so there is no gaze estimate.
    expect(f.gaze).toBeUndefined();
    expect(f.emotions?.happy).toBe(1);
    expect(f.body).toEqual([{ part: "nose", x: 0.5, y: 0.3, score: 0.9 }]);
    expect(f.hands).toEqual([[{ part: "wrist", x: 0.5, y: 0.5, score: 0.7 }]]);
    expect(f.gestures).toEqual(["facing left", "raise left hand"]);
  });
});

describe("irisWeight and the gaze estimate", () => {
  /** A 478-point mesh with both eyes `eyePx` wide at y = 100 and the irises `shift` eye widths right of centre. */
  function mesh(eyePx: number, shift: number, otherShift = shift): [number, number, number][] {
    const pts: [number, number, number][] = Array.from({ length: 478 }, () => [0, 0, 0]);
    const eye = (outer: number, inner: number, iris: number, x0: number, off: number) => {
      pts[outer] = [x0, 100, 0];
      pts[inner] = [x0 + eyePx, 100, 0];
      // The iris rests IRIS_Y_REST_OFFSET (0.07 eye widths) above the corner line.
      pts[iris] = [x0 + eyePx / 2 + off * eyePx, 100 - 0.07 * eyePx, 0];
    };
    eye(33, 133, 468, 100, shift);
    eye(362, 263, 473, 100 + 3 * eyePx, otherShift);
    return pts;
  }
  const frameWith = (points: [number, number, number][]) =>
    toVisualFrame({
      t: 0,
      width: 640,
      height: 360,
      result: {
        face: [
          {
            score: 0.9,
            boxRaw: [0.4, 0.2, 0.2, 0.4],
            mesh: points,
            rotation: { angle: { yaw: 0, pitch: 0, roll: 0 }, gaze: { bearing: 0, strength: 0 } },
          },
        ],
        body: [],
        hand: [],
        gesture: [],
      } as unknown as Result,
    });

  it("ignores the iris on eyes too small to resolve it and trusts it fully on large ones", () => {
    expect(irisWeight(8)).toBe(0);
    expect(irisWeight(12)).toBe(0);
    expect(irisWeight(20)).toBeCloseTo(0.5, 5);
    expect(irisWeight(40)).toBe(1);
  });

  it("turns the gaze by the iris offset only as far as the eye size allows", () => {
    // Irises a quarter eye width off centre: 30° on a large eye, nothing on a 10-px eye.
    const large = frameWith(mesh(40, 0.25));
    expect(large.gaze?.yaw).toBeCloseTo(30, 0);
    expect(large.gaze?.onCamera).toBe(false);
    const small = frameWith(mesh(10, 0.25));
    expect(small.gaze?.yaw).toBe(0);
    expect(small.gaze?.onCamera).toBe(true);
    expect(frameWith(mesh(40, 0)).gaze).toMatchObject({ yaw: 0, onCamera: true });
  });

  // Issue 12, the smiling close-up: Human put one iris a whole eye width off centre (outside the eye) while
  // the other eye and the head faced the lens, and every frame read as looking away (eye contact 0 %).
  it("ignores an eye whose iris lies outside the eye opening and trusts the other", () => {
    const f = frameWith(mesh(40, 0.97, -0.05));
    expect(f.gaze?.yaw).toBeCloseTo(-6, 0);
    expect(f.gaze?.onCamera).toBe(true);
  });

  it("falls back to the head pose when the two eyes disagree beyond conjugate gaze", () => {
    const f = frameWith(mesh(40, 0.28, -0.05));
    expect(f.gaze).toMatchObject({ yaw: 0, onCamera: true });
    // Two eyes that agree still turn the gaze.
    expect(frameWith(mesh(40, 0.28, 0.26)).gaze?.onCamera).toBe(false);
  });
});
