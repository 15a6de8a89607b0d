import type { TVisualFrame } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { createBodySchedule } from "./body-rate";

const frame = (t: number, dx: number): TVisualFrame => ({
  t,
  facePresent: true,
  body: [
    { part: "leftShoulder", x: 0.4 + dx, y: 0.6, score: 0.9 },
    { part: "rightShoulder", x: 0.6 + dx, y: 0.6, score: 0.9 },
    { part: "leftWrist", x: 0.35 + dx, y: 0.9, score: 0.9 },
  ],
});

/**
 * Feeds frames at 2 fps; `dxOf(i)` is the presenter's sideways offset at frame i, or null when
 * nobody is there. Returns the frames the body model ran on.
 */
function ran(opts: { stillEvery: number; frames: number; dxOf: (i: number) => number | null }): number[] {
  const schedule = createBodySchedule({ stillEvery: opts.stillEvery });
  const out: number[] = [];
  let prev: TVisualFrame | undefined;
  for (let i = 0; i < opts.frames; i++) {
    const runs = schedule.runs(i);
    const dx = opts.dxOf(i);
    const f: TVisualFrame = runs && dx !== null ? frame(i / 2, dx) : { t: i / 2, facePresent: dx !== null };
    if (runs) out.push(i);
    schedule.observe({ frame: f, ran: runs, prev, aspect: 16 / 9 });
    prev = f;
  }
  return out;
}

describe("createBodySchedule", () => {
  it("runs on every frame with stillEvery 1", () => {
    expect(ran({ stillEvery: 1, frames: 8, dxOf: () => 0 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("runs on one consecutive pair of every four frames while the presenter is still", () => {
    expect(ran({ stillEvery: 2, frames: 12, dxOf: () => 0 })).toEqual([0, 1, 4, 5, 8, 9]);
  });

  it("runs on every frame while the presenter moves, and again after a moving pair", () => {
    // Swaying by a tenth of the frame every half second: well above the still level.
    expect(ran({ stillEvery: 2, frames: 6, dxOf: (i) => (i % 2) * 0.1 })).toEqual([0, 1, 2, 3, 4, 5]);
    // Still for 8 frames, then moving from frame 8 on: the pair 8–9 sees it and every frame runs after.
    expect(ran({ stillEvery: 2, frames: 14, dxOf: (i) => (i >= 9 ? (i % 2) * 0.1 : 0) })).toEqual([
      0, 1, 4, 5, 8, 9, 10, 11, 12, 13,
    ]);
  });

  it("runs on every frame after one where it found nobody, until a pair is still again", () => {
    // Still, then gone at frames 4–5, then back and still from frame 6.
    expect(ran({ stillEvery: 2, frames: 14, dxOf: (i) => (i === 4 || i === 5 ? null : 0) })).toEqual([
      0, 1, 4, 5, 6, 7, 8, 9, 12, 13,
    ]);
  });
});
