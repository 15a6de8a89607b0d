import { DISSONANCE_TYPES, ZFlag, ZHeatmap, ZMetric, ZRawEvent } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, fuse, rescore, transcriptExcerpt } from "./index";
import { audioFeatures, calmFrame, type Span, script, visualTimeline, within } from "./testing/build";

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

function calmTalk() {
  const { transcript, spans, end } = script(CALM_PARTS);
  const duration = end + 1;
  return {
    transcript,
    spans,
    duration,
    visual: visualTimeline({ duration }),
    audio: audioFeatures({ duration }),
  };
}

/** The calm talk with one sentence's delivery replaced. */
function withSentence(
  index: number,
  change: {
    frame?: (t: number, span: Span) => Partial<ReturnType<typeof calmFrame>>;
    energy?: number;
    voice?: { f0: number | null; rmsDb: number };
  },
) {
  const talk = calmTalk();
  const span = talk.spans[index]!;
  const visual = visualTimeline({
    duration: talk.duration,
    frame: (t) => (within(t, span) && change.frame ? { ...calmFrame(t), ...change.frame(t, span) } : calmFrame(t)),
    energy: (t) => (within(t, span) && change.energy !== undefined ? change.energy : 0.1),
  });
  const audio = audioFeatures({
    duration: talk.duration,
    voice: (t) => (within(t, span) && change.voice ? change.voice : livelyAt(t)),
  });
  return { ...talk, span, visual, audio };
}

const livelyAt = (t: number) => ({ f0: 160 * 2 ** ((3 * Math.sin(t * 1.3)) / 12), rmsDb: -20 + 5 * Math.sin(t * 0.9) });

function run(talk: ReturnType<typeof calmTalk>) {
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
      build: () => withSentence(6, { frame: () => ({ emotions: { neutral: 0.85, sad: 0.15 } }) }),
    },
    {
      type: "GAZE_AVOIDANCE",
      // "The most important result…" said looking away with the head turned.
      build: () =>
        withSentence(1, {
          frame: () => ({ gaze: { yaw: 35, pitch: 0, onCamera: false }, head: { yaw: 40, pitch: 0, roll: 0 } }),
        }),
    },
    {
      type: "NERVOUS_FIDGETING",
      // "I am confident this plan will work" over high hand/body motion.
      build: () => withSentence(3, { energy: 0.9 }),
    },
    {
      type: "MONOTONE_EMPHASIS",
      // "This is critical…" in a flat voice.
      build: () => withSentence(4, { voice: { f0: 120, rmsDb: -22 } }),
    },
    {
      type: "DEICTIC_MISMATCH",
      // "As you can see on this chart" with no gesture and a still head.
      build: () =>
        withSentence(2, { frame: () => ({ gestures: ["facing center"], head: { yaw: 0, pitch: 0, roll: 0 } }) }),
    },
  ];
  for (const c of cases) {
    it(c.type, () => {
      const talk = c.build();
      const result = run(talk);
      const flags = result.flags.filter((f) => f.type === c.type);
      expect(flags).toHaveLength(1);
      const flag = ZFlag.parse(flags[0]);
      expect(flag.start).toBeLessThan(talk.span.end);
      expect(flag.end).toBeGreaterThan(talk.span.start);
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
    const { transcript, spans, end } = script([
      ...CALM_PARTS.slice(0, 3),
      { text: "Sadly we lost our biggest customer, a terrible and painful failure." },
      ...CALM_PARTS.slice(7),
    ]);
    const duration = end + 1;
    const visual = visualTimeline({
      duration,
      frame: (t) => (within(t, spans[3]) ? { ...calmFrame(t), emotions: { happy: 0.9, neutral: 0.1 } } : calmFrame(t)),
    });
    const result = fuse({ transcript, visual, audio: audioFeatures({ duration }), durationSeconds: duration });
    expect(result.flags.map((f) => f.type)).toEqual(["EMOTIONAL_MISMATCH"]);
    expect(result.flags[0]!.evidence.observation).toContain("smiling");
  });

  it("GAZE_AVOIDANCE when the face leaves the frame on a call to action", () => {
    const { transcript, spans, end } = script([
      ...CALM_PARTS.slice(0, 1),
      { text: "So I urge you to take action and join us this spring." },
      ...CALM_PARTS.slice(8),
    ]);
    const duration = end + 1;
    const visual = visualTimeline({
      duration,
      frame: (t) => (within(t, spans[1]) ? { t, facePresent: false } : calmFrame(t)),
    });
    const result = fuse({ transcript, visual, audio: audioFeatures({ duration }), durationSeconds: duration });
    expect(result.flags.map((f) => f.type)).toEqual(["GAZE_AVOIDANCE"]);
  });

  it("CONFIDENCE_MISMATCH: confident words among hedges and fillers, with a fading voice", () => {
    const { transcript, spans, end } = script([
      ...CALM_PARTS.slice(0, 2),
      { text: "Um, I think, maybe, we are definitely ready, I guess, to start in spring." },
      ...CALM_PARTS.slice(7),
    ]);
    const duration = end + 1;
    const span = spans[2]!;
    const audio = audioFeatures({
      duration,
      voice: (t) =>
        within(t, span) ? { f0: 150, rmsDb: -15 - (20 * (t - span.start)) / (span.end - span.start) } : livelyAt(t),
    });
    const result = fuse({ transcript, visual: visualTimeline({ duration }), audio, durationSeconds: duration });
    expect(result.flags.map((f) => f.type)).toEqual(["CONFIDENCE_MISMATCH"]);
    const flag = result.flags[0]!;
    expect(flag.evidence.observation).toMatch(/hedges nearby/);
    expect(flag.evidence.observation).toMatch(/voice fades/);
    expect(flag.evidence.provider).toContain("audio-features");
  });

  it("CONFIDENCE_MISMATCH from a downcast gaze alone", () => {
    const talk = withSentence(5, {
      frame: () => ({ head: { yaw: 0, pitch: -30, roll: 0 }, gaze: { yaw: 0, pitch: -30, onCamera: true } }),
    });
    const result = run(talk);
    expect(result.flags.map((f) => f.type)).toEqual(["CONFIDENCE_MISMATCH"]);
    expect(result.flags[0]!.evidence.observation).toMatch(/looking down/);
  });

  it("PACE_MISMATCH: 'briefly' followed by a long stretch without a break", () => {
    const filler = "we looked at the numbers for each region and compared them with last year and the plan";
    const long = Array.from({ length: 9 }, () => ({ text: `${filler},`, pauseAfter: 0.3 }));
    const { transcript, end } = script([
      ...CALM_PARTS.slice(0, 1),
      { text: "Let me briefly explain how we got here.", pauseAfter: 0.3 },
      ...long,
      { text: "That is the whole story.", pauseAfter: 2 },
      ...CALM_PARTS.slice(9),
    ]);
    const duration = end + 1;
    const result = fuse({
      transcript,
      visual: visualTimeline({ duration }),
      audio: audioFeatures({ duration }),
      durationSeconds: duration,
    });
    const pace = result.flags.filter((f) => f.type === "PACE_MISMATCH");
    expect(pace).toHaveLength(1);
    expect(pace[0]!.end - pace[0]!.start).toBeGreaterThan(45);
    expect(pace[0]!.evidence.quote).toContain("briefly");
  });

  it("PACE_MISMATCH: a key point rushed far above the speaker's own pace", () => {
    const parts = CALM_PARTS.map((p, i) => (i === 1 ? { ...p, wordSeconds: 0.2 } : p));
    const { transcript, spans, end } = script(parts);
    const duration = end + 1;
    const result = fuse({
      transcript,
      visual: visualTimeline({ duration }),
      audio: audioFeatures({ duration }),
      durationSeconds: duration,
    });
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
    const talk = withSentence(1, {
      frame: () => ({ gaze: { yaw: 35, pitch: 0, onCamera: false }, head: { yaw: 40, pitch: 0, roll: 0 } }),
    });
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
    const { transcript, end } = script([
      { text: "Sales grew quickly in the first quarter.", pauseAfter: 0.3 },
      ...long,
      { text: "That is the whole story.", pauseAfter: 2 },
    ]);
    const duration = end + 1;
    const result = fuse({
      transcript,
      visual: visualTimeline({ duration }),
      audio: audioFeatures({ duration }),
      durationSeconds: duration,
    });
    expect(result.rawEvents.filter((e) => e.type === "PACE_MISMATCH")).toEqual([]);
  });
});

describe("a pocketsphinx-like transcript: no punctuation, low posteriors", () => {
  it("still finds built-in dissonance and stays calm elsewhere", () => {
    const parts = CALM_PARTS.map((p) => ({ ...p, pauseAfter: 0.9 }));
    const { transcript, spans, end } = script(parts, { unpunctuated: true, confidence: 0.1 });
    const duration = end + 1;
    const calm = fuse({
      transcript,
      visual: visualTimeline({ duration }),
      audio: audioFeatures({ duration }),
      durationSeconds: duration,
    });
    expect(calm.flags).toEqual([]);
    const visual = visualTimeline({
      duration,
      frame: (t) =>
        within(t, spans[1]) ? { ...calmFrame(t), gaze: { yaw: 35, pitch: 0, onCamera: false } } : calmFrame(t),
    });
    const result = fuse({ transcript, visual, audio: audioFeatures({ duration }), durationSeconds: duration });
    expect(result.flags.map((f) => f.type)).toEqual(["GAZE_AVOIDANCE"]);
  });
});

describe("edge cases", () => {
  it("survives an empty transcript and a zero-length talk", () => {
    const transcript = { provider: "p", language: "en", durationSeconds: 0, text: "", words: [] };
    const result = fuse({
      transcript,
      visual: visualTimeline({ duration: 0 }),
      audio: audioFeatures({ duration: 0 }),
      durationSeconds: 0,
    });
    expect(result.flags).toEqual([]);
    expect(result.heatmap.bins).toEqual([0]);
    expect(result.metrics.find((m) => m.name === "wordsSpokenCount")!.value).toBe(0);
    expect(result.score).toBeGreaterThanOrEqual(0);
  });

  it("gives the same result for frames and windows out of time order", () => {
    const talk = withSentence(1, {
      frame: () => ({ gaze: { yaw: 35, pitch: 0, onCamera: false }, head: { yaw: 40, pitch: 0, roll: 0 } }),
    });
    const shuffled = {
      ...talk,
      visual: { ...talk.visual, frames: [...talk.visual.frames].reverse(), motion: [...talk.visual.motion].reverse() },
      audio: { ...talk.audio, windows: [...talk.audio.windows].reverse() },
    };
    expect(run(shuffled).flags).toEqual(run(talk).flags);
  });
});
