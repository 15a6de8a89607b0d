import { DISSONANCE_TYPES, ZFlag, ZHeatmap, ZMetric, ZRawEvent } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { describeLookingAway } from "./detectors";
import { DEFAULT_THRESHOLDS, fuse, rescore, transcriptExcerpt } from "./index";
import { absentFrame, buildTalk, type Delivery, script, type Talk } from "./testing/build";

// A talk full of claims, emphasis, confident wording and pointing phrases, delivered congruently.
const CALM_PARTS = [
  { text: "Good morning everyone, and thank you for joining today." },
  { text: "The most important result this year is that we grew revenue by forty percent." },
  { text: "As you can see on this chart, the growth came from new customers." },
  { text: "I am confident this plan will work for every team in the company." },
  { text: "This is critical for our future, so please remember this number." },
  { text: "We are definitely ready to start the next phase in spring." },
  { text: "I am thrilled to share this great news with all of you." },
  { text: "Our team worked hard and the results show steady progress across regions." },
  { text: "Next we will review the budget and the hiring plan for the new office." },
  { text: "Thank you, and I look forward to your questions after the session." },
];

const calmTalk = () => buildTalk({ parts: CALM_PARTS });

/** The calm talk with one sentence's delivery replaced. */
const withSentence = (index: number, delivery: Delivery) =>
  buildTalk({ parts: CALM_PARTS, during: { index, ...delivery } });

/** Gaze off camera with the head turned. */
const LOOKING_AWAY: Delivery = {
  frame: (calm) => ({ ...calm, gaze: { yaw: 35, pitch: 0, onCamera: false }, head: { yaw: 40, pitch: 0, roll: 0 } }),
};

function run(talk: Talk) {
  return fuse({ transcript: talk.transcript, visual: talk.visual, audio: talk.audio, durationSeconds: talk.duration });
}

describe("fuse on a calm, consistent talk", () => {
  it("produces no flags, an empty heatmap and a top-tier score", () => {
    const result = run(calmTalk());
    expect(result.flags).toEqual([]);
    expect(result.heatmap.bins.every((b) => b === 0)).toBe(true);
    expect(result.score).toBeGreaterThanOrEqual(85);
    expect(result.tier).toBe("Compelling");
  });

  it("outputs valid shared schemas", () => {
    const result = run(calmTalk());
    for (const e of result.rawEvents) ZRawEvent.parse(e);
    for (const m of result.metrics) ZMetric.parse(m);
    ZHeatmap.parse(result.heatmap);
  });
});

describe("fuse finds each dissonance type built into the input", () => {
  const cases: { type: (typeof DISSONANCE_TYPES)[number]; build: () => ReturnType<typeof withSentence> }[] = [
    {
      type: "EMOTIONAL_MISMATCH",
      // "I am thrilled to share this great news" over a flat, slightly sad face.
      build: () => withSentence(6, { frame: (calm) => ({ ...calm, emotions: { neutral: 0.85, sad: 0.15 } }) }),
    },
    {
      type: "GAZE_AVOIDANCE",
      // "The most important result…" said looking away with the head turned.
      build: () => withSentence(1, LOOKING_AWAY),
    },
    {
      type: "NERVOUS_FIDGETING",
      // "I am confident this plan will work" over high hand/body motion.
      build: () => withSentence(3, { energy: 0.9 }),
    },
    {
      type: "MONOTONE_EMPHASIS",
      // "This is critical…" in a flat voice.
      build: () => withSentence(4, { voice: () => ({ f0: 120, rmsDb: -22 }) }),
    },
    {
      type: "DEICTIC_MISMATCH",
      // "As you can see on this chart" with no gesture and a still head.
      build: () =>
        withSentence(2, {
          frame: (calm) => ({ ...calm, gestures: ["facing center"], head: { yaw: 0, pitch: 0, roll: 0 } }),
        }),
    },
  ];
  for (const c of cases) {
    it(c.type, () => {
      const talk = c.build();
      const result = run(talk);
      const flags = result.flags.filter((f) => f.type === c.type);
      expect(flags).toHaveLength(1);
      const flag = ZFlag.parse(flags[0]);
      expect(flag.start).toBeLessThan(talk.span!.end);
      expect(flag.end).toBeGreaterThan(talk.span!.start);
      expect(flag.evidence.quote.length).toBeGreaterThan(0);
      expect(flag.evidence.observation.length).toBeGreaterThan(0);
      expect(flag.tip.length).toBeGreaterThan(0);
      // Only the built-in dissonance: the rest of the talk stays clean.
      expect(result.flags.map((f) => f.type)).toEqual([c.type]);
      expect(Math.max(...result.heatmap.bins)).toBe(flag.severity);
      expect(result.score).toBeLessThan(run(calmTalk()).score);
    });
  }

  it("EMOTIONAL_MISMATCH in reverse: bad news delivered smiling", () => {
    const result = run(
      buildTalk({
        parts: [
          ...CALM_PARTS.slice(0, 3),
          { text: "Sadly we lost our biggest customer, a terrible and painful failure." },
          ...CALM_PARTS.slice(7),
        ],
        during: { index: 3, frame: (calm) => ({ ...calm, emotions: { happy: 0.9, neutral: 0.1 } }) },
      }),
    );
    expect(result.flags.map((f) => f.type)).toEqual(["EMOTIONAL_MISMATCH"]);
    expect(result.flags[0]!.evidence.observation).toContain("smiling");
  });

  it("GAZE_AVOIDANCE when the face leaves the frame on a call to action", () => {
    const result = run(
      buildTalk({
        parts: [
          ...CALM_PARTS.slice(0, 1),
          { text: "So I urge you to take action and join us this spring." },
          ...CALM_PARTS.slice(8),
        ],
        during: { index: 1, frame: absentFrame },
      }),
    );
    expect(result.flags.map((f) => f.type)).toEqual(["GAZE_AVOIDANCE"]);
    // No face means no head pose: the evidence says how long the face was gone, not "head yaw up to 0°".
    const observation = result.flags[0]!.evidence.observation;
    expect(observation).toMatch(/face not visible for \d+(\.\d)? s/);
    expect(observation).not.toMatch(/yaw/);
  });

  it("CONFIDENCE_MISMATCH: confident words among hedges and fillers, with a fading voice", () => {
    const result = run(
      buildTalk({
        parts: [
          ...CALM_PARTS.slice(0, 2),
          { text: "Um, I think, maybe, we are definitely ready, I guess, to start in spring." },
          ...CALM_PARTS.slice(7),
        ],
        during: {
          index: 2,
          voice: (t, span) => ({ f0: 150, rmsDb: -15 - (20 * (t - span.start)) / (span.end - span.start) }),
        },
      }),
    );
    expect(result.flags.map((f) => f.type)).toEqual(["CONFIDENCE_MISMATCH"]);
    const flag = result.flags[0]!;
    expect(flag.evidence.observation).toMatch(/hedges nearby/);
    expect(flag.evidence.observation).toMatch(/voice fades/);
    expect(flag.evidence.provider).toContain("audio-features");
  });

  it("CONFIDENCE_MISMATCH counts a phrase that is both a hedge and a filler once, as a hedge", () => {
    const result = run(
      buildTalk({
        parts: [
          ...CALM_PARTS.slice(0, 2),
          { text: "Um, we are definitely ready, sort of, to start in spring." },
          ...CALM_PARTS.slice(7),
        ],
      }),
    );
    const observation = result.rawEvents.find((e) => e.type === "CONFIDENCE_MISMATCH")!.observation;
    expect(observation).toContain('hedges nearby: "sort of"');
    expect(observation).toContain('fillers nearby: "um"');
    expect(observation.match(/sort of/g)).toHaveLength(1);
  });

  it("CONFIDENCE_MISMATCH from a downcast gaze alone", () => {
    const talk = withSentence(5, {
      frame: (calm) => ({
        ...calm,
        head: { yaw: 0, pitch: -30, roll: 0 },
        gaze: { yaw: 0, pitch: -30, onCamera: true },
      }),
    });
    const result = run(talk);
    expect(result.flags.map((f) => f.type)).toEqual(["CONFIDENCE_MISMATCH"]);
    expect(result.flags[0]!.evidence.observation).toMatch(/looking down/);
  });

  it("PACE_MISMATCH: 'briefly' followed by a long stretch without a break", () => {
    const filler = "we looked at the numbers for each region and compared them with last year and the plan";
    const long = Array.from({ length: 9 }, () => ({ text: `${filler},`, pauseAfter: 0.3 }));
    const result = run(
      buildTalk({
        parts: [
          ...CALM_PARTS.slice(0, 1),
          { text: "Let me briefly explain how we got here.", pauseAfter: 0.3 },
          ...long,
          { text: "That is the whole story.", pauseAfter: 2 },
          ...CALM_PARTS.slice(9),
        ],
      }),
    );
    const pace = result.flags.filter((f) => f.type === "PACE_MISMATCH");
    expect(pace).toHaveLength(1);
    expect(pace[0]!.end - pace[0]!.start).toBeGreaterThan(45);
    expect(pace[0]!.evidence.quote).toContain("briefly");
  });

  it("PACE_MISMATCH: a key point rushed far above the speaker's own pace", () => {
    const parts = CALM_PARTS.map((p, i) => (i === 1 ? { ...p, wordSeconds: 0.2 } : p));
    const { spans, ...talk } = buildTalk({ parts });
    const result = run({ spans, ...talk });
    const pace = result.flags.filter((f) => f.type === "PACE_MISMATCH");
    expect(pace).toHaveLength(1);
    expect(pace[0]!.start).toBeCloseTo(spans[1]!.start, 1);
    expect(pace[0]!.evidence.observation).toMatch(/rushed at \d+ WPM/);
  });

  it("takes span observations from a video-understanding provider as raw events", () => {
    const talk = calmTalk();
    const visual = {
      ...talk.visual,
      provider: "twelvelabs",
      observations: [
        {
          type: "NERVOUS_FIDGETING",
          start: 10,
          end: 14,
          confidence: 0.9,
          description: "fidgeting near podium while speaking",
        },
        { type: "something-else", start: 1, end: 2, confidence: 0.9, description: "ignored" },
      ],
    };
    const result = fuse({ transcript: talk.transcript, visual, audio: talk.audio, durationSeconds: talk.duration });
    expect(result.flags).toHaveLength(1);
    expect(result.flags[0]).toMatchObject({ type: "NERVOUS_FIDGETING", start: 10, end: 14 });
    expect(result.flags[0]!.evidence.provider).toBe("twelvelabs");
    // The claim "…by forty percent" ends just before 10 s: the verbal side corroborates the observation.
    expect(result.flags[0]!.severity).toBe(0.9);
  });

  it("weakens an observation with no verbal cue of its type nearby", () => {
    const talk = calmTalk();
    const visual = {
      ...talk.visual,
      provider: "twelvelabs",
      observations: [{ type: "DEICTIC_MISMATCH", start: 0.5, end: 4, confidence: 0.9, description: "no pointing" }],
    };
    const result = fuse({ transcript: talk.transcript, visual, audio: talk.audio, durationSeconds: talk.duration });
    expect(result.rawEvents).toHaveLength(1);
    expect(result.rawEvents[0]!.severity).toBeCloseTo(0.9 * 0.6);
    expect(result.rawEvents[0]!.observation).toMatch(/no matching words/);
  });

  it("every dissonance type has a case above", () => {
    const covered = new Set([
      "EMOTIONAL_MISMATCH",
      "GAZE_AVOIDANCE",
      "NERVOUS_FIDGETING",
      "MONOTONE_EMPHASIS",
      "DEICTIC_MISMATCH",
      "CONFIDENCE_MISMATCH",
      "PACE_MISMATCH",
    ]);
    expect([...covered].sort()).toEqual([...DISSONANCE_TYPES].sort());
  });
});

describe("fuse without a visual or audio channel", () => {
  it("skips those detectors and metrics instead of guessing", () => {
    const talk = calmTalk();
    const result = fuse({ transcript: talk.transcript, durationSeconds: talk.duration });
    expect(result.flags).toEqual([]);
    const names = result.metrics.map((m) => m.name);
    expect(names).toContain("averageWordsPerMinutePace");
    expect(names).not.toContain("eyeContactShare");
    expect(names).not.toContain("pitchVariation");
  });
});

describe("rescore", () => {
  it("recomputes flags and score from stored raw events with new thresholds, and matches fuse with the same ones", () => {
    const talk = withSentence(1, LOOKING_AWAY);
    const fused = run(talk);
    const same = rescore({ rawEvents: fused.rawEvents, metrics: fused.metrics, durationSeconds: talk.duration });
    expect(same.flags).toEqual(fused.flags);
    expect(same.score).toBe(fused.score);

    const strict = rescore({
      rawEvents: fused.rawEvents,
      metrics: fused.metrics,
      durationSeconds: talk.duration,
      thresholds: { GAZE_AVOIDANCE: { ...DEFAULT_THRESHOLDS.GAZE_AVOIDANCE, minConfidence: 1 } },
    });
    expect(strict.flags).toEqual([]);
    expect(strict.score).toBeGreaterThan(fused.score);
  });

  it("re-rates metrics with new bands", () => {
    const talk = calmTalk();
    const fused = run(talk);
    const pace = fused.metrics.find((m) => m.name === "averageWordsPerMinutePace")!;
    const re = rescore({
      rawEvents: fused.rawEvents,
      metrics: fused.metrics,
      durationSeconds: talk.duration,
      bands: { averageWordsPerMinutePace: { good: [pace.value + 50, null], fair: [pace.value + 40, null] } },
    });
    expect(re.metrics.find((m) => m.name === "averageWordsPerMinutePace")!.rating).toBe("needs-work");
    expect(re.score).toBeLessThan(fused.score);
  });
});

describe("transcriptExcerpt", () => {
  it("cuts at a word boundary", () => {
    const { transcript } = script(CALM_PARTS);
    const excerpt = transcriptExcerpt(transcript, 30);
    expect(excerpt.length).toBeLessThanOrEqual(31);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(transcriptExcerpt(transcript, 10_000)).toBe(transcript.text);
  });
});

describe("brevity cues", () => {
  it("only count when they announce a section, not when they describe something else", () => {
    const filler = "we looked at the numbers for each region and compared them with last year and the plan";
    const long = Array.from({ length: 9 }, () => ({ text: `${filler},`, pauseAfter: 0.3 }));
    const result = run(
      buildTalk({
        parts: [
          { text: "Sales grew quickly in the first quarter.", pauseAfter: 0.3 },
          ...long,
          { text: "That is the whole story.", pauseAfter: 2 },
        ],
      }),
    );
    expect(result.rawEvents.filter((e) => e.type === "PACE_MISMATCH")).toEqual([]);
  });
});

describe("a pocketsphinx-like transcript: no punctuation, low posteriors", () => {
  it("still finds built-in dissonance and stays calm elsewhere", () => {
    const parts = CALM_PARTS.map((p) => ({ ...p, pauseAfter: 0.9 }));
    const scriptOptions = { unpunctuated: true, confidence: 0.1 };
    expect(run(buildTalk({ parts, scriptOptions })).flags).toEqual([]);
    const result = run(
      buildTalk({
        parts,
        scriptOptions,
        during: { index: 1, frame: (calm) => ({ ...calm, gaze: { yaw: 35, pitch: 0, onCamera: false } }) },
      }),
    );
    expect(result.flags.map((f) => f.type)).toEqual(["GAZE_AVOIDANCE"]);
  });
});

describe("edge cases", () => {
  it("survives an empty transcript and a zero-length talk", () => {
    const transcript = { provider: "p", language: "en", durationSeconds: 0, text: "", words: [] };
    const empty = buildTalk({ parts: [] });
    const result = fuse({ transcript, visual: empty.visual, audio: empty.audio, durationSeconds: 0 });
    expect(result.flags).toEqual([]);
    expect(result.heatmap.bins).toEqual([0]);
    expect(result.metrics.find((m) => m.name === "wordsSpokenCount")!.value).toBe(0);
    expect(result.score).toBeGreaterThanOrEqual(0);
  });

  it("gives the same result for frames and windows out of time order", () => {
    const talk = withSentence(1, LOOKING_AWAY);
    const shuffled = {
      ...talk,
      visual: { ...talk.visual, frames: [...talk.visual.frames].reverse(), motion: [...talk.visual.motion].reverse() },
      audio: { ...talk.audio, windows: [...talk.audio.windows].reverse() },
    };
    expect(run(shuffled).flags).toEqual(run(talk).flags);
  });
});

describe("describeLookingAway", () => {
  const turned = (t: number) => ({
    t,
    facePresent: true,
    head: { yaw: 38, pitch: 0, roll: 0 },
    gaze: { yaw: 30, pitch: 0, onCamera: false },
  });
  const gone = (t: number) => ({ t, facePresent: false });

  it("tells a face-absent span in seconds out of view, with no head angle", () => {
    expect(describeLookingAway([gone(0), gone(0.5), gone(1), gone(1.5)], 1, 2)).toBe(
      "out of view: face not visible for 2 s (4 of 4 frames)",
    );
  });

  it("gives the head yaw of the frames where the face was seen, and the time it was gone", () => {
    expect(describeLookingAway([turned(0), gone(0.5), turned(1), turned(1.5)], 1, 2)).toBe(
      "looking away: off camera in 100% of 4 frames, face not visible for 0.5 s, gaze away from the lens in 3, head yaw up to 38° while visible",
    );
    expect(describeLookingAway([turned(0), turned(0.5)], 1, 2)).toBe(
      "looking away: off camera in 100% of 2 frames, gaze away from the lens in 2, head yaw up to 38° while visible",
    );
  });
});
