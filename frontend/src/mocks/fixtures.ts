import { PACE_BAND_WPM, type TAnalysisResult, type TFlag, type TWord } from "@coherence/shared";

// Realistic demo data for the mock API and component tests. Not used in production builds.

const SCRIPT = `So good morning everyone. Um, I'm really thrilled to share our results with you today. As you can see
on this chart, revenue grew forty percent this quarter. I think this is, uh, maybe the most important point: our
customers stayed. This is critical. We kind of expected churn, but it basically never came. Briefly, let me walk you
through the three drivers. First, onboarding. You know, we rebuilt it from scratch. Second, pricing, which I'm
definitely confident about. Third, support. Look at this: response times fell by half. So, to sum up, we are in great
shape, and I'd love your questions.`;

/** Words with plausible timings (2.6 words per second, short pauses at sentence ends). */
export function demoWords(): TWord[] {
  const tokens = SCRIPT.split(/\s+/).filter(Boolean);
  let t = 1.2;
  return tokens.map((display) => {
    const word = display.toLowerCase().replace(/[^\p{L}\p{N}']/gu, "");
    const dur = 0.22 + Math.min(0.3, word.length * 0.03);
    const w = { word, display, start: Number(t.toFixed(2)), end: Number((t + dur).toFixed(2)), confidence: 0.94 };
    t += dur + (/[.:!?]$/.test(display) ? 0.7 : 0.12);
    return w;
  });
}

export const demoFlags: TFlag[] = [
  {
    type: "EMOTIONAL_MISMATCH",
    start: 3.1,
    end: 6.4,
    severity: 0.72,
    confidence: 0.84,
    evidence: {
      quote: "I'm really thrilled to share our results",
      observation: "neutral face for 3.3 s (happy 0.08, neutral 0.81)",
      provider: "local-vision",
    },
    tip: "Let the excitement reach your face: smile as you say 'thrilled'.",
  },
  {
    type: "DEICTIC_MISMATCH",
    start: 8.2,
    end: 10.1,
    severity: 0.45,
    confidence: 0.7,
    evidence: {
      quote: "As you can see on this chart",
      observation: "no gesture, gaze stayed on notes",
      provider: "local-vision",
    },
    tip: "Point to the chart, or turn toward it, when you ask people to look.",
  },
  {
    type: "GAZE_AVOIDANCE",
    start: 17.5,
    end: 22.3,
    severity: 0.88,
    confidence: 0.9,
    evidence: {
      quote: "the most important point: our customers stayed",
      observation: "gaze off camera 86% of the span (yaw 31°)",
      provider: "local-vision",
    },
    tip: "Deliver your key claim to the camera: look up, pause, then say it.",
  },
  {
    type: "CONFIDENCE_MISMATCH",
    start: 46.8,
    end: 50.2,
    severity: 0.55,
    confidence: 0.76,
    evidence: {
      quote: "which I'm definitely confident about",
      observation: "energy fell 6 dB, two hedges within 5 s",
      provider: "local-audio",
    },
    tip: "Drop the qualifiers and keep your volume up through the end of the sentence.",
  },
  {
    type: "NERVOUS_FIDGETING",
    start: 58.0,
    end: 63.5,
    severity: 0.38,
    confidence: 0.66,
    evidence: {
      quote: "Look at this: response times fell by half",
      observation: "hand motion energy 0.71 (3× baseline)",
      provider: "local-vision",
    },
    tip: "Plant your hands at waist height between gestures.",
  },
];

/** A complete analysis for a 72-second talk. */
export function demoResult(): TAnalysisResult {
  const words = demoWords();
  const duration = 72;
  const binSeconds = 2;
  const bins = Array.from({ length: duration / binSeconds }, (_, i) => {
    const a = i * binSeconds;
    const b = a + binSeconds;
    return Math.max(0, ...demoFlags.filter((f) => f.start < b && f.end > a).map((f) => f.severity));
  });
  return {
    coherenceScore: 71,
    scoreTier: "Proficient",
    durationSeconds: duration,
    flags: demoFlags,
    heatmap: { binSeconds, bins },
    metrics: [
      {
        name: "averageWordsPerMinutePace",
        value: 148,
        unit: "wpm",
        band: { low: PACE_BAND_WPM.good[0], high: PACE_BAND_WPM.good[1] },
        rating: "good",
        details: { words: 178, seconds: 72.2 },
      },
      { name: "fillerDensity", value: 4.1, unit: "%", band: { low: null, high: 2 }, rating: "fair" },
      { name: "eyeContactShare", value: 58, unit: "%", band: { low: 70, high: null }, rating: "needs-work" },
      { name: "pitchVariation", value: 3.4, unit: "st", band: { low: 2, high: null }, rating: "good" },
      { name: "longPauseCount", value: 3, unit: "count", band: { low: null, high: 6 } },
      { name: "hedgeDensity", value: 2.2, unit: "%" },
    ],
    report: {
      provider: "rule-based",
      summary:
        "A clear, well-paced talk with a strong structure. Your biggest opportunity is delivering key claims to the audience: twice you looked away exactly when it mattered most.",
      strengths: [
        {
          title: "Steady, comfortable pace",
          detail: "148 words per minute sits inside the 120–160 band listeners find easiest to follow.",
          timestamps: [],
          basis: ["wpm"],
        },
        {
          title: "Clear three-part structure",
          detail: "Signposting ('First… Second… Third…') made your drivers easy to follow.",
          timestamps: [31.5],
          basis: ["transcript"],
        },
      ],
      improvements: [
        {
          title: "Own your key claim",
          detail: "At 0:17 you looked away for most of 'the most important point'.",
          timestamps: [17.5],
          drill: "Record the key sentence five times, eyes on the lens for the whole sentence.",
          basis: ["GAZE_AVOIDANCE", "eye_contact"],
        },
        {
          title: "Match your face to your words",
          detail: "'Thrilled' came with a neutral expression.",
          timestamps: [3.1],
          drill: "Practise the opening in a mirror and exaggerate the smile, then dial it back.",
          basis: ["EMOTIONAL_MISMATCH"],
        },
        {
          title: "Cut the fillers",
          detail: "4.1% of your words were fillers (um, uh, kind of, basically).",
          timestamps: [3.0, 19.2],
          drill: "Replace each filler with a one-second pause.",
          basis: ["filler_density"],
        },
      ],
    },
    transcript: { provider: "demo", language: "en", durationSeconds: duration, text: SCRIPT, words },
  };
}

const day = 86_400_000;
export const demoVideos = [
  {
    id: "7a1f9c1e-0001-4000-8000-000000000001",
    title: "Q3 results rehearsal",
    status: "complete",
    stage: "complete",
    progress: 100,
    durationSeconds: 72,
    createdAt: new Date(Date.now() - 1 * day).toISOString(),
    coherenceScore: 71,
    scoreTier: "Proficient",
  },
  {
    id: "7a1f9c1e-0002-4000-8000-000000000002",
    title: "Investor pitch v2",
    status: "processing",
    stage: "visuals",
    progress: 46,
    durationSeconds: 184,
    createdAt: new Date(Date.now() - 0.1 * day).toISOString(),
  },
  {
    id: "7a1f9c1e-0003-4000-8000-000000000003",
    title: "Team all-hands intro",
    status: "complete",
    stage: "complete",
    progress: 100,
    durationSeconds: 240,
    createdAt: new Date(Date.now() - 12 * day).toISOString(),
    coherenceScore: 63,
    scoreTier: "Developing",
  },
  {
    id: "7a1f9c1e-0004-4000-8000-000000000004",
    title: "Conference talk dry run",
    status: "complete",
    stage: "complete",
    progress: 100,
    durationSeconds: 610,
    createdAt: new Date(Date.now() - 30 * day).toISOString(),
    coherenceScore: 52,
    scoreTier: "Developing",
  },
  {
    id: "7a1f9c1e-0005-4000-8000-000000000005",
    title: "First practice",
    status: "complete",
    stage: "complete",
    progress: 100,
    durationSeconds: 95,
    createdAt: new Date(Date.now() - 55 * day).toISOString(),
    coherenceScore: 41,
    scoreTier: "Needs Work",
  },
] as const;

export const demoProgressPoints = [...demoVideos]
  .filter((v) => v.status === "complete")
  .reverse()
  .map((v, i) => ({
    videoId: v.id,
    title: v.title,
    recordedAt: v.createdAt,
    durationSeconds: v.durationSeconds,
    score: "coherenceScore" in v ? v.coherenceScore : 0,
    tier: "scoreTier" in v ? v.scoreTier : "Developing",
    wpm: [178, 169, 156, 148][i] ?? null,
    fillerDensity: [7.2, 5.8, 4.9, 4.1][i] ?? null,
    eyeContact: [38, 47, 52, 58][i] ?? null,
    flagsPerMinute: [3.1, 2.2, 1.6, 1.1][i] ?? null,
  }));
