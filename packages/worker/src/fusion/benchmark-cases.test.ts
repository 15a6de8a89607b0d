import type { TVisualFrame } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { fuse } from "./index";
import { hasHandGesture } from "./signals";
import { buildTalk, calmFrame, type Talk, visualTimeline } from "./testing/build";

// Regression tests for the cases the labelled benchmark (bench/quality, documentation/quality.md) found in
// session 4, rebuilt on constructed timelines. Each fix is general: none names a talk of the set.

const run = (talk: Talk) =>
  fuse({ transcript: talk.transcript, visual: talk.visual, audio: talk.audio, durationSeconds: talk.duration });
const flagsOf = (talk: Talk, type: string) => run(talk).flags.filter((f) => f.type === type);

/** A still presenter facing the lens, head and shoulders only: the body model sees shoulders and no wrist. */
const stillPresenter = (t: number): TVisualFrame => {
  const { gestures: _g, ...calm } = calmFrame(t);
  return {
    ...calm,
    head: { yaw: 2, pitch: 0, roll: 0 },
    gestures: ["facing center", "looking center"],
    body: [
      { part: "leftShoulder", x: 0.35, y: 0.7, score: 0.6 },
      { part: "rightShoulder", x: 0.65, y: 0.7, score: 0.6 },
    ],
  };
};

describe("EMOTIONAL_MISMATCH: an open-mouthed smile over bad news", () => {
  // Human splits a broad toothy smile between happy and surprise, frame by frame.
  const toothySmile = (calm: TVisualFrame, t: number): TVisualFrame => ({
    ...calm,
    emotions:
      Math.round(t * 2) % 3 === 1
        ? { surprise: 0.52, happy: 0.25, fear: 0.12, neutral: 0.06, sad: 0.05 }
        : { happy: 0.59, surprise: 0.24, neutral: 0.06, fear: 0.06, sad: 0.05 },
  });
  const badNews = (frame: (calm: TVisualFrame, t: number) => TVisualFrame) =>
    buildTalk({
      parts: [
        { text: "Good morning everyone, and welcome to the quarterly review." },
        { text: "Sadly the layoffs that follow this quarter are painful for all of us." },
        { text: "Next we will look at the budget and the hiring plan." },
      ],
      during: { index: 1, frame },
    });

  it("reads happy and surprise together as a smile and flags the bad news", () => {
    expect(flagsOf(badNews(toothySmile), "EMOTIONAL_MISMATCH")).toHaveLength(1);
  });

  it("does not read a surprised face without a smile as smiling", () => {
    const surprised = (calm: TVisualFrame): TVisualFrame => ({
      ...calm,
      emotions: { surprise: 0.7, neutral: 0.18, happy: 0.08, fear: 0.04 },
    });
    expect(flagsOf(badNews(surprised), "EMOTIONAL_MISMATCH")).toHaveLength(0);
  });
});

describe("DEICTIC_MISMATCH: one moment per pointing sentence", () => {
  const pointingTalk = () => {
    const talk = buildTalk({
      parts: [
        { text: "Look at this diagram of the new building.", pauseAfter: 1.5 },
        { text: "The entrance faces the river.", pauseAfter: 1.5 },
        { text: "Over here, you can see the car park and the garden.", pauseAfter: 1.5 },
        { text: "The work starts in the spring." },
      ],
    });
    return { ...talk, visual: visualTimeline({ duration: talk.duration, frame: stillPresenter, energy: () => 0 }) };
  };

  it("flags each pointing sentence said still as its own moment, inside the talk", () => {
    const talk = pointingTalk();
    const flags = flagsOf(talk, "DEICTIC_MISMATCH");
    expect(flags).toHaveLength(2);
    for (const [flag, span] of flags.map((f, i) => [f, talk.spans[i === 0 ? 0 : 2]!] as const)) {
      expect(flag.start).toBeGreaterThanOrEqual(0);
      expect(Math.abs(flag.start - span.start)).toBeLessThan(0.2);
      expect(Math.abs(flag.end - span.end)).toBeLessThan(0.2);
    }
  });

  it("does not take a hand the body model cannot attach to a wrist for pointing", () => {
    const talk = pointingTalk();
    // The hand model fired on the face in the first frame: "open palm", "index forward", no wrist.
    const frames = talk.visual.frames.map((f, i) =>
      i === 0 ? { ...f, gestures: [...(f.gestures ?? []), "index forward", "open palm"] } : f,
    );
    const flags = flagsOf({ ...talk, visual: { ...talk.visual, frames } }, "DEICTIC_MISMATCH");
    expect(flags.map((f) => f.start < 1)).toEqual([true, false]);
  });
});

describe("hasHandGesture", () => {
  it("needs a wrist when the frame has a body reading, and trusts the labels when it has none", () => {
    const hand = { ...stillPresenter(0), gestures: ["open palm"] };
    expect(hasHandGesture(hand)).toBe(false);
    const withWrist = { ...hand, body: [...hand.body!, { part: "rightWrist", x: 0.6, y: 0.5, score: 0.8 }] };
    expect(hasHandGesture(withWrist)).toBe(true);
    const { body: _b, ...noBody } = hand;
    expect(hasHandGesture(noBody)).toBe(true);
  });
});

describe("sentence-level types: one flag per sentence", () => {
  it("keeps two bad-news sentences said smiling, a pause apart, as two moments", () => {
    const smiling = (calm: TVisualFrame): TVisualFrame => ({ ...calm, emotions: { happy: 0.9, neutral: 0.1 } });
    const talk = buildTalk({
      parts: [
        { text: "Hello everyone.", pauseAfter: 0.6 },
        { text: "Sadly, we lost our biggest customer this month.", pauseAfter: 0.6 },
        { text: "The layoffs that follow are painful for all of us.", pauseAfter: 0.6 },
        { text: "See you next week." },
      ],
    });
    const visual = visualTimeline({ duration: talk.duration, frame: (t) => smiling(calmFrame(t)) });
    const flags = flagsOf({ ...talk, visual }, "EMOTIONAL_MISMATCH");
    expect(flags).toHaveLength(2);
    expect(flags[0]!.start).toBeCloseTo(talk.spans[1]!.start, 1);
    expect(flags[0]!.end).toBeLessThan(talk.spans[2]!.start);
    expect(flags[1]!.start).toBeCloseTo(talk.spans[2]!.start, 1);
  });

  it("keeps two rushed key points a short pause apart as two moments", () => {
    const normal = (text: string) => ({ text, pauseAfter: 0.8 });
    const rushed = (text: string) => ({ text, wordSeconds: 0.18, pauseAfter: 0.8 });
    const talk = buildTalk({
      parts: [
        normal("Good morning and welcome to the quarterly review of our work."),
        normal("We spent the spring on the new checkout and the search pages."),
        rushed("The key point is that revenue doubled in every single region this year."),
        normal("The team grew too."),
        rushed("The key point is that our costs fell by a third at the same time."),
        normal("Next we will look at the budget and the hiring plan for the winter."),
      ],
    });
    const flags = flagsOf(talk, "PACE_MISMATCH");
    expect(flags).toHaveLength(2);
    expect(flags[0]!.end).toBeLessThan(talk.spans[3]!.start);
  });
});
