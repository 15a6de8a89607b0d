import type { TVisualFrame } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { computeMetrics, dominantEmotion } from "../metrics/index";
import { DEFAULT_METRIC_BANDS } from "./bands";
import { fuse } from "./index";
import { DEFAULT_FRAME_RULES } from "./signals";
import { audioFeatures, buildTalk, calmFrame, type Delivery, script, visualTimeline } from "./testing/build";
import { splitSentences, tokenize } from "./text";
import { extractVerbal, findFillers } from "./verbal";

// Regression tests for the cases listed at the top of issue #12, on constructed timelines.

function run(talk: ReturnType<typeof buildTalk>) {
  return fuse({ transcript: talk.transcript, visual: talk.visual, audio: talk.audio, durationSeconds: talk.duration });
}
const typesOf = (r: ReturnType<typeof fuse>) => r.flags.map((f) => f.type);

/** A calm talk around one sentence delivered as `delivery`. */
function around(sentence: string, delivery: Delivery) {
  return buildTalk({
    parts: [
      { text: "Good morning everyone, and welcome to the quarterly review." },
      { text: sentence },
      { text: "Next we will look at the budget and the hiring plan." },
    ],
    during: { index: 1, ...delivery },
  });
}

const neutralFace: Delivery = { frame: (calm) => ({ ...calm, emotions: { neutral: 0.88, happy: 0.04, sad: 0.08 } }) };

describe("EMOTIONAL_MISMATCH needs enthusiasm, not politeness", () => {
  it("does not flag 'Thanks for coming in at short notice' over a neutral face", () => {
    const r = run(around("Thanks for coming in at short notice, we really appreciate it.", neutralFace));
    expect(typesOf(r)).not.toContain("EMOTIONAL_MISMATCH");
  });

  it("does not flag 'Thank you very much. I loved working on this' over a face read neutral 0.62", () => {
    const laughReadNeutral: Delivery = {
      frame: (calm) => ({ ...calm, emotions: { neutral: 0.62, happy: 0.12, sad: 0.14, surprise: 0.12 } }),
    };
    const r = run(around("Thank you very much, I loved working on this.", laughReadNeutral));
    expect(typesOf(r)).not.toContain("EMOTIONAL_MISMATCH");
  });

  it("flags clearly excited wording over a sustained neutral face, in plain words with the figures in details", () => {
    const r = run(around("We are thrilled with these results, they are amazing.", neutralFace));
    const flag = r.flags.find((f) => f.type === "EMOTIONAL_MISMATCH");
    expect(flag).toBeDefined();
    expect(flag!.evidence.observation).toBe('Your face stayed neutral while you said "thrilled".');
    expect(flag!.evidence.observation).not.toMatch(/\d/);
    expect(flag!.evidence.details).toMatchObject({ wording: "enthusiastic", face: { neutral: expect.any(Number) } });
  });

  it("weighs a neutral face less than a negative one", () => {
    const sad: Delivery = { frame: (calm) => ({ ...calm, emotions: { neutral: 0.3, sad: 0.6, happy: 0.02 } }) };
    const text = "We are thrilled with these results, they are amazing.";
    const neutral = run(around(text, neutralFace)).flags.find((f) => f.type === "EMOTIONAL_MISMATCH")!;
    const negative = run(around(text, sad)).flags.find((f) => f.type === "EMOTIONAL_MISMATCH")!;
    expect(negative.severity).toBeGreaterThan(neutral.severity);
  });

  it("does not flag a one-frame dip: the face must hold for most of the sentence", () => {
    const blink: Delivery = {
      frame: (calm, t) => ({ ...calm, emotions: Math.round(t * 2) % 4 === 0 ? { neutral: 0.9 } : { happy: 0.8 } }),
    };
    const r = run(around("We are thrilled with these results, they are amazing.", blink));
    expect(typesOf(r)).not.toContain("EMOTIONAL_MISMATCH");
  });

  it("flags bad news said with a broad smile (the reverse case)", () => {
    const smiling: Delivery = { frame: (calm) => ({ ...calm, emotions: { happy: 0.9, neutral: 0.1 } }) };
    const talk = buildTalk({
      parts: [
        { text: "Good morning everyone, and welcome to the quarterly review." },
        { text: "Sadly we lost our biggest customer this quarter." },
        { text: "The layoffs that follow are painful for all of us." },
        { text: "Next we will look at the budget and the hiring plan." },
      ],
      during: { index: 1, ...smiling },
    });
    // Smile through both bad-news sentences.
    const span = { start: talk.spans[1]!.start, end: talk.spans[2]!.end };
    talk.visual.frames = talk.visual.frames.map((f) =>
      f.t >= span.start && f.t <= span.end ? { ...f, emotions: { happy: 0.9, neutral: 0.1 } } : f,
    );
    const flags = run(talk).flags.filter((f) => f.type === "EMOTIONAL_MISMATCH");
    expect(flags.length).toBeGreaterThanOrEqual(1);
    expect(flags[0]!.evidence.observation).toMatch(/^You were smiling while you gave bad news/);
  });
});

/** A webcam head-and-shoulders frame (1280×720, face 240 px tall) with no body keypoints, centre offset `dx` px. */
function headOnly(t: number, dx: number): TVisualFrame {
  const calm = calmFrame(t);
  const { body: _b, hands: _h, ...rest } = calm;
  const width = 180 / 1280;
  const height = 240 / 720;
  return { ...rest, face: { x: 0.5 - width / 2 + dx / 1280, y: 0.3, width, height, confidence: 0.95 } };
}

function swayTalk(opts: { fps: number; dx: (t: number) => number }) {
  const { transcript, end } = script([
    { text: "Good morning everyone, and welcome to the review." },
    { text: "I am completely confident this plan will work for us." },
    { text: "Next we will look at the budget and the hiring plan." },
  ]);
  const duration = end + 1;
  const visual = visualTimeline({ duration, fps: opts.fps, frame: (t) => headOnly(t, opts.dx(t)), energy: () => 0 });
  visual.motion = [];
  return { transcript, visual, audio: audioFeatures({ duration }), duration, spans: [], span: undefined };
}

/** ±45 px sway whose frequency wanders between 2 and 5 Hz. */
const fastSway = (t: number) =>
  45 * Math.sin(2 * Math.PI * (3.5 * t + (1.5 / (2 * Math.PI * 0.3)) * Math.sin(2 * Math.PI * 0.3 * t)));

describe("NERVOUS_FIDGETING from head sway when no body is visible", () => {
  for (const fps of [2, 10]) {
    it(`flags ±45 px sway at 2–5 Hz on "I am completely confident" (${fps} fps)`, () => {
      const r = run(swayTalk({ fps, dx: fastSway }));
      const flag = r.flags.find((f) => f.type === "NERVOUS_FIDGETING");
      expect(flag).toBeDefined();
      expect(flag!.evidence.observation).toBe(
        'You said "i am completely confident" while your head swayed back and forth.',
      );
      expect(flag!.evidence.details).toMatchObject({ headSwayFaceSizes: expect.any(Number) });
    });

    it(`does not flag a still face or a slow drift (${fps} fps)`, () => {
      const jitter = (t: number) => 1.5 * Math.sin(37 * t);
      expect(typesOf(run(swayTalk({ fps, dx: jitter })))).not.toContain("NERVOUS_FIDGETING");
      const drift = (t: number) => 12 * t + 40 * Math.sin(2 * Math.PI * 0.1 * t);
      expect(typesOf(run(swayTalk({ fps, dx: drift })))).not.toContain("NERVOUS_FIDGETING");
    });
  }
});

const tokensOf = (text: string) => tokenize(script([{ text }]).transcript.words);

describe("hedges and fillers respect word sense", () => {
  it("does not count 'just' the adjective as a hedge", () => {
    const v = extractVerbal(script([{ text: "We fight for a better or just future, a just cause." }]).transcript);
    expect(v.cues.hedges).toEqual([]);
    const hedge = extractVerbal(script([{ text: "It is just a small change." }]).transcript);
    expect(hedge.cues.hedges.map((h) => h.phrase)).toEqual(["just"]);
  });

  it("does not count 'like' the verb as a filler", () => {
    for (const text of ["I like it.", "We'd like to thank you.", "People like this product."]) {
      const tokens = tokensOf(text);
      expect(findFillers(tokens, splitSentences(tokens))).toEqual([]);
    }
  });

  it("does not count 'sort of' in 'a sort of tool' as a hedge or filler", () => {
    const v = extractVerbal(
      script([{ text: "It is a sort of tool for teams, and what kind of tool matters." }]).transcript,
    );
    expect(v.cues.hedges).toEqual([]);
    expect(v.fillers).toEqual([]);
    const hedge = extractVerbal(script([{ text: "It sort of works." }]).transcript);
    expect(hedge.cues.hedges.map((h) => h.phrase)).toEqual(["sort of"]);
  });
});

describe("one WPM definition", () => {
  it("gives a 6 s clip of 15 words about 147 wpm in the headline and its window alike", () => {
    // 15 words from 0.5 s to 6.6 s; the audio stage reports a 1.7 s quiet stretch that is not a gap
    // between words (the old headline left it out and said 204 wpm while its window said 149).
    const { transcript } = script([
      { text: "We grew faster than ever this year and next year we will grow even more", wordSeconds: 0.41 },
    ]);
    const words = transcript.words;
    const seconds = words[words.length - 1]!.end - words[0]!.start;
    expect(words).toHaveLength(15);
    expect(seconds).toBeCloseTo(6.1, 1);
    const audio = audioFeatures({ duration: 7, pauses: [{ start: 2, end: 3.7 }] });
    const metrics = computeMetrics({
      verbal: extractVerbal(transcript, audio),
      visual: null,
      audio,
      bands: DEFAULT_METRIC_BANDS,
    });
    const pace = metrics.find((m) => m.name === "averageWordsPerMinutePace")!;
    expect(pace.value).toBeGreaterThan(140);
    expect(pace.value).toBeLessThan(150);
    const windows = pace.details!.windows as { wpm: number; words: number; seconds: number }[];
    expect(windows).toHaveLength(1);
    expect(windows[0]!.wpm).toBeCloseTo(pace.value, 0);
    expect(pace.details).toMatchObject({ words: 15, seconds: 6.1 });
  });

  it("leaves a break of 1.5 s or more between words out of the time, the same way in the headline and windows", () => {
    const { transcript } = script([
      { text: "We grew faster than ever this year", wordSeconds: 0.4, pauseAfter: 2 },
      { text: "and next year we will grow even more", wordSeconds: 0.4 },
    ]);
    const w = transcript.words;
    const span = w[w.length - 1]!.end - w[0]!.start;
    const metrics = computeMetrics({
      verbal: extractVerbal(transcript),
      visual: null,
      audio: null,
      bands: DEFAULT_METRIC_BANDS,
    });
    const pace = metrics.find((m) => m.name === "averageWordsPerMinutePace")!;
    const gap = w[7]!.start - w[6]!.end;
    expect(pace.details!.seconds).toBeCloseTo(span - gap, 1);
    expect(pace.value).toBeCloseTo((15 / (span - gap)) * 60, 0);
    const windows = pace.details!.windows as { wpm: number; seconds: number }[];
    expect(windows[0]!.seconds).toBeCloseTo(span - gap, 1);
    expect(windows[0]!.wpm).toBeCloseTo(pace.value, 0);
  });

  it("rates pace against the shared band", async () => {
    const { PACE_BAND_WPM } = await import("@coherence/shared");
    expect(DEFAULT_METRIC_BANDS.averageWordsPerMinutePace!.good).toEqual([...PACE_BAND_WPM.good]);
  });
});

describe("camera distance from the face's share of the frame height", () => {
  const metricsWith = (height: (t: number) => number) => {
    const { transcript, end } = script([{ text: "Good morning everyone, and welcome to the review of the year." }]);
    const visual = visualTimeline({
      duration: end + 20,
      frame: (t) => {
        const calm = calmFrame(t);
        return { ...calm, face: { ...calm.face!, height: height(t), width: height(t) * 0.75 * (720 / 1280) } };
      },
    });
    const metrics = computeMetrics({
      verbal: extractVerbal(transcript),
      visual,
      audio: null,
      bands: DEFAULT_METRIC_BANDS,
    });
    return metrics.find((m) => m.name === "incorrectCameraDistanceOccurrencesCount")!.value;
  };

  it("never counts normal chest-up framing, even a large face moving near the line", () => {
    expect(metricsWith(() => 0.3)).toBe(0);
    // A laptop close-up wobbling around two thirds of the height.
    expect(metricsWith((t) => 0.66 + 0.04 * Math.sin(t))).toBe(0);
  });

  it("still counts a face that fills the frame for a while", () => {
    expect(metricsWith((t) => (t > 5 && t < 12 ? 0.95 : 0.3))).toBe(1);
  });

  it("uses hysteresis: a face hovering at the far line counts once, not on every crossing", () => {
    expect(metricsWith((t) => (t < 4 ? 0.3 : 0.095 + 0.02 * Math.sin(3 * t)))).toBe(1);
    expect(DEFAULT_FRAME_RULES.faceFarClearHeight).toBeGreaterThan(DEFAULT_FRAME_RULES.faceTooFarHeight);
  });
});

describe("dominant emotion", () => {
  it("is 'uncertain' rather than sad, angry or fear when a neutral face's readings are weak", () => {
    const frames = Array.from({ length: 20 }, (_, i) => ({
      ...calmFrame(i / 2),
      emotions: { sad: 0.34, neutral: 0.3, fear: 0.2, angry: 0.16 },
    }));
    expect(dominantEmotion(frames)).toBe("uncertain");
    const angryish = frames.map((f) => ({ ...f, emotions: { angry: 0.4, neutral: 0.35, sad: 0.25 } }));
    expect(dominantEmotion(angryish)).toBe("uncertain");
    const happy = frames.map((f) => ({ ...f, emotions: { happy: 0.8, neutral: 0.2 } }));
    expect(dominantEmotion(happy)).toBe("happy");
  });
});

describe("what could not be judged", () => {
  it("withholds the tier when there was no face and no speech", () => {
    const duration = 3;
    const visual = visualTimeline({ duration, frame: (t) => ({ t, facePresent: false }), energy: () => 0 });
    const r = fuse({
      transcript: { provider: "test", language: "en", durationSeconds: duration, text: "", words: [] },
      visual,
      audio: audioFeatures({ duration, voice: () => ({ f0: 220, rmsDb: -20 }) }),
      durationSeconds: duration,
    });
    expect(r.judgement.tierWithheld).toBe(true);
    expect(r.judgement.couldNotJudge).toHaveLength(2);
    expect(r.judgement.couldNotJudge.join(" ")).toMatch(/No face was visible.*No words were heard/);
  });

  it("says plainly that the words were not heard reliably when most words are uncertain, though no flag is raised", () => {
    const talk = buildTalk({ parts: [{ text: "Good morning everyone, welcome to the review of our year together." }] });
    talk.transcript.words = talk.transcript.words.map((w, i) => ({ ...w, confidence: 0.2, uncertain: i % 3 !== 0 }));
    const r = run(talk);
    expect(r.flags).toEqual([]);
    expect(r.judgement.tierWithheld).toBe(false);
    expect(r.judgement.transcriptReliable).toBe(false);
    expect(r.judgement.couldNotJudge).toContain("We could not hear the words reliably: verbal metrics are estimates.");
  });
});

describe("a video in which no face is ever seen", () => {
  // The journey's test-pattern video: the report says eye contact could not be judged, so no
  // flag may claim the presenter looked away or made no gesture.
  const parts = [
    { text: "Good morning everyone, and welcome to the quarterly review." },
    { text: "It is critical, and it is the key point for our customers." },
    { text: "As you can see here, the numbers went up." },
  ];

  it("raises no visual flag and says the face could not be judged", () => {
    const talk = buildTalk({ parts });
    talk.visual = visualTimeline({
      duration: talk.duration,
      frame: (t) => ({ t, facePresent: false }),
      energy: () => 0,
    });
    const r = run(talk);
    expect(typesOf(r).filter((t) => t === "GAZE_AVOIDANCE" || t === "DEICTIC_MISMATCH")).toEqual([]);
    expect(r.judgement.couldNotJudge.join(" ")).toMatch(/No face was visible/);
  });

  it("still flags a key claim said while the presenter stepped out of an otherwise visible talk", () => {
    const talk = buildTalk({ parts, during: { index: 1, frame: (_calm, t) => ({ t, facePresent: false }) } });
    expect(typesOf(run(talk))).toContain("GAZE_AVOIDANCE");
  });
});

describe("uncertain words", () => {
  it("are never counted as fillers or hedges and never quoted as evidence", () => {
    const { transcript } = script([{ text: "Um, I think maybe this is, like, definitely the key point." }]);
    transcript.words = transcript.words.map((w) => ({ ...w, uncertain: w.word !== "definitely" && w.word !== "the" }));
    const v = extractVerbal(transcript);
    expect(v.fillers).toEqual([]);
    expect(v.cues.hedges).toEqual([]);
    expect(v.cues.emphasis).toEqual([]);
    const talk = buildTalk({
      parts: [{ text: "The most important result is that we grew revenue by forty percent." }],
      during: {
        index: 0,
        frame: (calm) => ({
          ...calm,
          gaze: { yaw: 35, pitch: 0, onCamera: false },
          head: { yaw: 40, pitch: 0, roll: 0 },
        }),
      },
    });
    talk.transcript.words = talk.transcript.words.map((w) => ({ ...w, uncertain: w.word === "revenue" }));
    const flags = run(talk).flags;
    expect(flags.length).toBeGreaterThan(0);
    for (const f of flags) expect(f.evidence.quote).not.toMatch(/revenue/);
  });
});

describe("a smile Human reads thinly", () => {
  it("counts a clearly leading happy reading (0.42 against 0.17) as a smile for bad news", () => {
    const thinSmile: Delivery = {
      frame: (calm) => ({ ...calm, emotions: { happy: 0.42, fear: 0.17, neutral: 0.12, sad: 0.09, surprise: 0.2 } }),
    };
    const r = run(around("Sadly, we lost our biggest customer this month.", thinSmile));
    expect(typesOf(r)).toContain("EMOTIONAL_MISMATCH");
  });
});
