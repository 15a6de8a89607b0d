import {
  DISSONANCE_TYPES,
  type TCoachingItem,
  type TCoachingReport,
  type TDissonanceType,
  type TFlag,
  type TJudgement,
  type TMetric,
} from "@coherence/shared";
import { plural } from "../../fusion/text";
import type { CoachingInput, CoachingSynthesisProvider } from "../types";

// The offline coaching writer. Every strength and improvement is built from one
// metric or one flag type and names it in `basis`; the summary only restates
// the score, the tier and the items' titles.

/** "1:05" from seconds. */
export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

function bandText(m: TMetric): string {
  if (!m.band) return "";
  const { low, high } = m.band;
  const unit = m.unit === "%" ? "%" : ` ${m.unit}`;
  if (low !== null && high !== null) return `the target is ${fmt(low)}–${fmt(high)}${unit}`;
  if (low !== null) return `the target is at least ${fmt(low)}${unit}`;
  if (high !== null) return `the target is at most ${fmt(high)}${unit}`;
  return "";
}

const value = (m: TMetric) => `${fmt(m.value)}${m.unit === "%" ? "%" : ` ${m.unit}`}`;

type MetricText = {
  strength: (m: TMetric) => string;
  improve: (m: TMetric) => string;
  title: { strength: string; improve: string };
  drill: string;
};

const topList = (m: TMetric, key: string) => {
  const list = (m.details?.[key] as { text: string; count: number }[] | undefined) ?? [];
  return list
    .slice(0, 3)
    .map((x) => `"${x.text}" ×${x.count}`)
    .join(", ");
};

/** Wording per metric. Metrics without an entry get a generic sentence. */
const METRIC_TEXT: Record<string, MetricText> = {
  averageWordsPerMinutePace: {
    title: { strength: "A comfortable pace", improve: "Adjust your pace" },
    strength: (m) => `You averaged ${value(m)}, inside the range listeners follow easily.`,
    improve: (m) => `You averaged ${value(m)}; ${bandText(m)}.`,
    drill:
      "Read a 150-word passage aloud against a one-minute timer until you finish it in 55–65 seconds, then re-record the opening of this talk.",
  },
  fillerDensity: {
    title: { strength: "Few filler words", improve: "Cut filler words" },
    strength: (m) => `Only ${value(m)} of your words were fillers.`,
    improve: (m) => `${value(m)} of your words were fillers; ${bandText(m)}.`,
    drill:
      'Record a one-minute answer to a simple question and replace every "um" or "so" with a silent pause; repeat until a take has none.',
  },
  hedgeDensity: {
    title: { strength: "Direct language", improve: "Drop the hedges" },
    strength: (m) => `Hedges such as "I think" or "maybe" made up only ${value(m)} of your words.`,
    improve: (m) =>
      `Hedges made up ${value(m)} of your words (${topList(m, "topHedges") || "see the transcript"}); ${bandText(m)}.`,
    drill:
      'Write your three key claims without "I think", "maybe" or "just", and practise saying each one as a plain statement.',
  },
  conciseness: {
    title: { strength: "Concise wording", improve: "Say it more concisely" },
    strength: (m) => `${value(m)} of your words carried content rather than fillers, hedges or repeats.`,
    improve: (m) => `Only ${value(m)} of your words carried content; ${bandText(m)}.`,
    drill: "Take one paragraph of the transcript and rewrite it in half the words, then deliver the short version.",
  },
  nonInclusiveLanguageOccurrencesCount: {
    title: { strength: "Inclusive language", improve: "Use more inclusive language" },
    strength: () => "No term from the non-inclusive word list came up.",
    improve: (m) =>
      `${plural(m.value, "non-inclusive term")} came up: ${topList(m, "topNonInclusiveWordsAndPhrases")}.`,
    drill:
      "Swap each flagged term for one of its suggested alternatives in your notes and say the sentences aloud with the new wording.",
  },
  incorrectCameraDistanceOccurrencesCount: {
    title: { strength: "Good framing", improve: "Fix your camera distance" },
    strength: () => "Your face stayed at a good distance from the camera.",
    improve: (m) => `Your face was too far from or too close to the camera ${fmt(m.value)} time(s).`,
    drill:
      "Before recording, frame yourself from mid-chest up with your eyes about a third from the top, and mark where you stand.",
  },
  obstructedViewOccurrencesCount: {
    title: { strength: "Always visible", improve: "Stay in view" },
    strength: () => "Your face stayed visible throughout.",
    improve: (m) => `Your face was hidden or out of frame ${fmt(m.value)} time(s).`,
    drill: "Rehearse moving only within the frame you marked; keep hands and objects below your chin.",
  },
  eyeContactShare: {
    title: { strength: "Strong eye contact", improve: "Look at the camera more" },
    strength: (m) => `You looked at the camera for ${value(m)} of your speaking time.`,
    improve: (m) => `You looked at the camera for ${value(m)} of your speaking time; ${bandText(m)}.`,
    drill:
      "Put a sticky note next to the lens and deliver each key sentence to it; glance at notes only between sentences.",
  },
  pitchVariation: {
    title: { strength: "A lively voice", improve: "Vary your pitch" },
    strength: (m) => `Your pitch varied by ${value(m)}, which keeps listeners engaged.`,
    improve: (m) => `Your pitch varied by only ${value(m)}; ${bandText(m)}.`,
    drill:
      "Read one paragraph three times: flat, exaggerated, then in between; keep the in-between version for the talk.",
  },
  loudnessVariation: {
    title: { strength: "Dynamic volume", improve: "Use your volume" },
    strength: (m) => `Your loudness varied by ${value(m)}, giving your points contrast.`,
    improve: (m) => `Your loudness varied by ${value(m)}; ${bandText(m)}.`,
    drill:
      "Mark the two most important sentences and practise delivering them noticeably louder, then softer, than the rest.",
  },
  fidgetingShare: {
    title: { strength: "Calm body language", improve: "Reduce fidgeting" },
    strength: (m) => `You moved restlessly for only ${value(m)} of the talk.`,
    improve: (m) => `You moved restlessly for ${value(m)} of the talk; ${bandText(m)}.`,
    drill:
      "Rehearse with your feet planted hip-width apart and your hands resting together at waist height between gestures.",
  },
  midClausePauseCount: {
    title: { strength: "Well-placed pauses", improve: "Pause between ideas, not inside them" },
    strength: () => "You did not stall mid-sentence.",
    improve: (m) =>
      `You paused for more than 1.2 s in the middle of a clause ${fmt(m.value)} times, which reads as uncertainty.`,
    drill: "Mark pause points at the ends of sentences in your script and practise pausing only there.",
  },
};

const FLAG_TEXT: Record<TDissonanceType, { title: string; what: string; drill: string }> = {
  EMOTIONAL_MISMATCH: {
    title: "Match your expression to your words",
    what: "your face did not carry the feeling of your words",
    drill: "Say the flagged lines to a mirror or camera, exaggerating the emotion, then dial it back to natural.",
  },
  GAZE_AVOIDANCE: {
    title: "Hold eye contact on key points",
    what: "you looked away while making a key claim",
    drill:
      "Practise each key claim looking into the lens for the whole sentence; check notes only before you start it.",
  },
  NERVOUS_FIDGETING: {
    title: "Keep still when you assert",
    what: "your body moved restlessly while you spoke confidently",
    drill:
      "Record the flagged sentences standing still with your hands at rest, then add one deliberate gesture per point.",
  },
  CONFIDENCE_MISMATCH: {
    title: "Sound as sure as your words",
    what: "confident words came with hedges, fillers, a fading voice or a downcast look",
    drill:
      "Rewrite the flagged sentences without hedges and say them holding your volume to the last word, eyes on the lens.",
  },
  MONOTONE_EMPHASIS: {
    title: "Make important points sound important",
    what: "you called something important in a flat voice",
    drill: "Before each key phrase, pause; say it slower, a little louder and higher; pause again after it.",
  },
  DEICTIC_MISMATCH: {
    title: "Show what you point to",
    what: 'you said "look at this" or "here" without a gesture or a look',
    drill: "Rehearse the flagged lines with a clear point of the hand or a turn of the head toward what you reference.",
  },
  PACE_MISMATCH: {
    title: "Keep your pace in line with your promise",
    what: 'a "brief" section ran long, or you rushed a key point',
    drill:
      "Time the flagged section: cut it to under 45 seconds if you called it brief, and slow key points to your normal pace.",
  },
};

const RATING_PRIORITY = { "needs-work": 1, fair: 0.45, good: 0 } as const;

function metricTimes(m: TMetric): number[] {
  const times = m.details?.times;
  if (Array.isArray(times)) return times.filter((t): t is number => typeof t === "number").slice(0, 5);
  const windows = m.details?.windows as { start: number; wpm: number }[] | undefined;
  if (windows && m.band) {
    return windows
      .filter((w) => (m.band!.low !== null && w.wpm < m.band!.low) || (m.band!.high !== null && w.wpm > m.band!.high))
      .map((w) => w.start)
      .slice(0, 5);
  }
  return [];
}

function metricImprovement(m: TMetric): TCoachingItem {
  const text = METRIC_TEXT[m.name];
  const timestamps = metricTimes(m);
  const when = timestamps.length ? ` For example at ${timestamps.map(formatTime).join(", ")}.` : "";
  return {
    title: text?.title.improve ?? `Improve ${m.name}`,
    detail: `${text ? text.improve(m) : `${m.name} was ${value(m)}; ${bandText(m)}.`}${when}`,
    timestamps,
    drill: text?.drill ?? `Re-record a short section focusing on ${m.name}.`,
    basis: [m.name],
  };
}

function flagImprovement(type: TDissonanceType, flags: TFlag[]): TCoachingItem {
  const text = FLAG_TEXT[type];
  const sorted = [...flags].sort((a, b) => b.severity - a.severity);
  const worst = sorted[0]!;
  const timestamps = [...flags]
    .sort((a, b) => a.start - b.start)
    .map((f) => f.start)
    .slice(0, 5);
  const observation = sentence(worst.evidence.observation);
  const quote = worst.evidence.quote
    ? ` For example at ${formatTime(worst.start)}: "${worst.evidence.quote}". ${observation}`
    : ` Strongest at ${formatTime(worst.start)}: ${observation}`;
  return {
    title: text.title,
    detail: `${plural(flags.length, "moment")} where ${text.what}.${quote}`,
    timestamps,
    drill: text.drill,
    basis: [type],
  };
}

/** Ends a phrase with a full stop unless it has one. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Metrics and flag types read from the words: estimates when the words were not heard reliably. */
const VERBAL_BASIS = new Set<string>([
  "averageWordsPerMinutePace",
  "fillerDensity",
  "fillerWordsOccurrencesCount",
  "hedgeDensity",
  "conciseness",
  "nonInclusiveLanguageOccurrencesCount",
  "repetitiveLanguageOccurrencesCount",
  "midClausePauseCount",
  "CONFIDENCE_MISMATCH",
  "PACE_MISMATCH",
]);

/** A verbal item softened for an unreliable transcript: said as an estimate, ranked lower. */
function soften(item: TCoachingItem): TCoachingItem {
  return {
    ...item,
    title: `Check: ${item.title.charAt(0).toLowerCase()}${item.title.slice(1)}`,
    detail: `The words were hard to hear, so this is an estimate. ${item.detail}`,
  };
}

/** The report for a talk in which nothing could be judged: no score, no tier, only what was missing. */
function nothingJudgedReport(judgement: TJudgement): TCoachingReport {
  return {
    provider: "rule-based",
    summary: `We could not judge this talk. ${judgement.couldNotJudge.join(" ")} Record again with your face in view and speak toward the microphone.`,
    strengths: [],
    improvements: [],
  };
}

/** Builds the report from the input alone. Pure, deterministic. */
export function buildRuleBasedReport(input: CoachingInput): TCoachingReport {
  const judgement = input.judgement;
  if (judgement?.tierWithheld) return nothingJudgedReport(judgement);
  const unreliable = judgement?.transcriptReliable === false;
  const byType = new Map<TDissonanceType, TFlag[]>();
  for (const f of input.flags) byType.set(f.type, [...(byType.get(f.type) ?? []), f]);

  // Improvements: flag types by their weight in the talk, and metrics outside their band.
  const candidates: { rank: number; item: TCoachingItem }[] = [];
  for (const [type, flags] of byType) {
    const weight = flags.reduce((s, f) => s + f.severity * f.confidence, 0);
    const item = flagImprovement(type, flags);
    const soft = unreliable && VERBAL_BASIS.has(type);
    candidates.push({ rank: (0.5 + Math.min(1, weight)) * (soft ? 0.5 : 1), item: soft ? soften(item) : item });
  }
  for (const m of input.metrics) {
    if (!m.rating || m.rating === "good") continue;
    const soft = unreliable && VERBAL_BASIS.has(m.name);
    const item = metricImprovement(m);
    candidates.push({ rank: RATING_PRIORITY[m.rating] * (soft ? 0.5 : 1), item: soft ? soften(item) : item });
  }
  const improvements = candidates
    .sort((a, b) => b.rank - a.rank)
    .slice(0, 3)
    .map((c) => c.item);

  // Strengths: metrics inside their band, and a clean bill when no flag was raised.
  const strengths: TCoachingItem[] = [];
  if (input.flags.length === 0) {
    strengths.push({
      title: "Your words and delivery agree",
      detail: unreliable
        ? "No moment was flagged where your face, voice or body contradicted what you said, as far as we could hear the words."
        : "No moment was flagged where your face, voice or body contradicted what you said.",
      timestamps: [],
      basis: [...DISSONANCE_TYPES],
    });
  }
  for (const m of input.metrics) {
    if (m.rating !== "good" || strengths.length >= 4) continue;
    const text = METRIC_TEXT[m.name];
    strengths.push({
      title: text?.title.strength ?? `${m.name} on target`,
      detail: text ? text.strength(m) : `${m.name} was ${value(m)}, inside its target.`,
      timestamps: [],
      basis: [m.name],
    });
  }

  const parts = [`You scored ${input.score}/100 (${input.tier}) for a ${talkLength(input.durationSeconds)} talk.`];
  // Say plainly what could not be judged, right after the score.
  if (judgement?.couldNotJudge.length) parts.push(judgement.couldNotJudge.join(" "));
  if (strengths[0]) parts.push(`Your strongest point: ${strengths[0].title.toLowerCase()}.`);
  const first = improvements[0];
  if (first) {
    const at = first.timestamps.length ? ` (see ${first.timestamps.slice(0, 3).map(formatTime).join(", ")})` : "";
    parts.push(`Focus first on this: ${first.title.toLowerCase()}${at}.`);
  } else {
    parts.push("Nothing stood out to fix: keep rehearsing the way you did.");
  }
  return { provider: "rule-based", summary: parts.join(" "), strengths, improvements };
}

/** The offline CoachingSynthesisProvider. */
/** "45-second", "3-minute": a short talk is not called a minute long. */
export function talkLength(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))}-second`;
  return `${Math.round(seconds / 60)}-minute`;
}

export function createRuleBasedCoachingProvider(): CoachingSynthesisProvider {
  return {
    name: "rule-based",
    async generate({ input, signal }) {
      signal.throwIfAborted();
      return buildRuleBasedReport(input);
    },
  };
}
