import type { Result } from "@vladmandic/human";
import { describe, expect, it } from "vitest";
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
