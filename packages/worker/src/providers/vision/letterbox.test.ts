import type { Result } from "@vladmandic/human";
import { describe, expect, it } from "vitest";
import { outsideShare, toVisualFrame } from "./human-frame";
import { LETTERBOX_MARGIN, letterbox, needsLetterbox } from "./letterbox";

describe("letterbox", () => {
  it("puts the frame in the middle of a grey canvas with the margin on every side", () => {
    const frame = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3).fill(7) };
    const boxed = letterbox(frame);
    const m = Math.round(2 * LETTERBOX_MARGIN);
    expect(boxed.picture).toEqual({ x: m, y: m, width: 4, height: 2 });
    expect(boxed.width).toBe(4 + 2 * m);
    expect(boxed.height).toBe(2 + 2 * m);
    const at = (x: number, y: number) => boxed.data[(y * boxed.width + x) * 3];
    expect(at(0, 0)).toBe(128);
    expect(at(m, m)).toBe(7);
    expect(at(m + 3, m + 1)).toBe(7);
    expect(at(m + 4, m + 1)).toBe(128);
  });

  it("asks for a margin for a close-up or a face at an edge, not for a face well inside", () => {
    const face = (x: number, y: number, width: number, height: number) => ({
      t: 0,
      facePresent: true,
      face: { x, y, width, height, confidence: 1 },
    });
    expect(needsLetterbox(face(0.4, 0.2, 0.2, 0.35))).toBe(false);
    expect(needsLetterbox(face(0.3, 0.1, 0.4, 0.7))).toBe(true);
    expect(needsLetterbox(face(0.4, 0, 0.2, 0.35))).toBe(true);
    expect(needsLetterbox(face(0.85, 0.2, 0.15, 0.35))).toBe(true);
    expect(needsLetterbox({ t: 0, facePresent: false })).toBe(false);
    expect(needsLetterbox(undefined)).toBe(false);
  });
});

describe("faces cut off by the frame", () => {
  it("measures the largest share of the box outside the picture", () => {
    expect(outsideShare({ x: 0.2, y: 0.1, width: 0.3, height: 0.5 })).toBe(0);
    expect(outsideShare({ x: 0.2, y: -0.1, width: 0.3, height: 0.5 })).toBeCloseTo(0.2, 5);
    expect(outsideShare({ x: 0.8, y: 0.1, width: 0.4, height: 0.5 })).toBeCloseTo(0.5, 5);
  });

  const result = (boxRaw: number[], mesh: number[][] = []) =>
    ({
      face: [{ score: 0.9, boxRaw, mesh, emotion: [{ score: 0.8, emotion: "angry" }] }],
      body: [{ score: 0.8, keypoints: [{ part: "nose", positionRaw: [0.5, 0.5], position: [0, 0], score: 0.9 }] }],
      hand: [{ score: 0.7, keypoints: [[300, 200, 0]] }],
      gesture: [],
    }) as unknown as Result;

  it("maps a letterboxed result back to the picture", () => {
    // A 1000×720 canvas with the 640×360 picture at (180, 180).
    const f = toVisualFrame({
      t: 0,
      result: result([0.3, 0.25, 0.4, 0.5]),
      width: 1000,
      height: 720,
      picture: { x: 180, y: 180, width: 640, height: 360 },
    });
    expect(f.face).toEqual({ x: 0.188, y: 0, width: 0.625, height: 1, confidence: 0.9 });
    expect(f.emotions?.angry).toBe(1);
    expect(f.body?.[0]).toMatchObject({ x: 0.5, y: 0.5 });
    expect(f.hands?.[0]?.[0]).toMatchObject({ x: 0.188, y: 0.056 });
  });

  it("drops the emotions of a face whose box leaves the picture by more than a third, and marks it", () => {
    const f = toVisualFrame({ t: 0, result: result([0.2, -0.5, 0.5, 1.2]), width: 640, height: 360 });
    expect(f.face?.clipped).toBe(true);
    expect(f.emotions).toBeUndefined();
    const whole = toVisualFrame({ t: 0, result: result([0.2, -0.25, 0.5, 1]), width: 640, height: 360 });
    expect(whole.face?.clipped).toBeUndefined();
    expect(whole.emotions?.angry).toBe(1);
  });
});
