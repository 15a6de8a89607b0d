import {
  DISSONANCE_TYPES,
  type TAudioFeatures,
  type TDissonanceType,
  type TEmotion,
  type TRawEvent,
  type TVisualFrame,
  type TVisualTimeline,
} from "@coherence/shared";
import { isOffCamera } from "../metrics/visual/eye-contact";
import type { CueRole } from "./lexicons";
import {
  audioIn,
  type FaceReading,
  type FrameRules,
  faceReading,
  frameCoverage,
  framesIn,
  hasHandGesture,
  headSway,
  headYawRange,
  isDowncast,
  isSelfTouch,
  loudnessDropDb,
  loudnessVariationDb,
  meanEmotions,
  meanFaceConfidence,
  motionIn,
  pitchVariationSemitones,
  share,
  smoothedEmotions,
} from "./signals";
import { clamp, meanConfidence, type PhraseMatch, plural, quoteBetween, round, sentenceOf } from "./text";
import type { VerbalFeatures } from "./verbal";

/** Everything a detector looks at. */
export type DetectorContext = {
  verbal: VerbalFeatures;
  visual: TVisualTimeline | null;
  audio: TAudioFeatures | null;
  speechProvider: string;
  rules: FrameRules;
  durationSeconds: number;
};

/** Sentiment beyond ±0.333 counts as positive or negative (Deepgram's cut-off). */
export const SENTIMENT_POLARITY = 0.333;
/** Minimum share of expected frames in a span before the visual side is judged at all. */
const MIN_COVERAGE = 0.3;
/** A "brief" section that runs longer than this (seconds) is a pace mismatch. */
export const BRIEF_MAX_SECONDS = 45;

type Span = { start: number; end: number };

/**
 * How far to trust that words [from, to) were said: 0.6 + 0.4 × mean recogniser
 * confidence. Local recognisers' posteriors are poorly calibrated (pocketsphinx
 * often gives a correctly heard word 0.05), so a matched phrase keeps most of
 * its weight while a confident transcript still counts for more.
 */
export function speechCertainty(tokens: DetectorContext["verbal"]["tokens"], from: number, to: number): number {
  return 0.6 + 0.4 * meanConfidence(tokens, from, to);
}

/** The span around a cue: the cue plus context, kept inside its sentence. */
function cueSpan(ctx: DetectorContext, m: PhraseMatch, before: number, after: number): Span {
  const s = sentenceOf(ctx.verbal.sentences, m.from);
  const lo = s ? s.start : m.start;
  const hi = s ? s.end : m.end;
  return { start: Math.max(lo, m.start - before), end: Math.max(m.end, Math.min(hi, m.end + after)) };
}

function providerOf(ctx: DetectorContext, channels: ("visual" | "audio")[]): string {
  const names = [ctx.speechProvider];
  if (channels.includes("visual") && ctx.visual) names.push(ctx.visual.provider);
  if (channels.includes("audio")) names.push("audio-features");
  return names.join("+");
}

function event(
  ctx: DetectorContext,
  type: TDissonanceType,
  span: Span,
  fields: {
    confidence: number;
    severity: number;
    observation: string;
    details?: Record<string, unknown>;
    channels: ("visual" | "audio")[];
  },
): TRawEvent {
  return {
    ...(fields.details ? { details: fields.details } : {}),
    type,
    start: round(span.start, 3),
    end: round(Math.max(span.end, span.start), 3),
    confidence: round(clamp(fields.confidence), 3),
    severity: round(clamp(fields.severity), 3),
    quote: quoteBetween(ctx.verbal.tokens, span.start, span.end),
    observation: fields.observation,
    provider: providerOf(ctx, fields.channels),
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** Share of a sentence's face readings that must agree before the face counts as sustained. */
export const SUSTAINED_FACE_SHARE = 0.7;
/** Lexicon sentiment (courtesies left out) from which a sentence counts as enthusiastic without an excitement word. */
export const STRONG_ENTHUSIASM = 0.8;
/** A steadily neutral face over enthusiastic words weighs this much; a negative face weighs 1. */
export const NEUTRAL_FACE_WEIGHT = 0.6;

/** How a face reading that is not a smile reads to the presenter. */
const FACE_WORDS: Record<Exclude<TEmotion, "happy">, string> = {
  neutral: "stayed neutral",
  sad: "looked sad",
  angry: "looked tense",
  fear: "looked worried",
  disgust: "looked displeased",
  surprise: "looked surprised",
};

/** The strongest phrase match of a list inside a sentence (by weight), or undefined. */
function strongestIn(matches: PhraseMatch[], s: { from: number; to: number }): PhraseMatch | undefined {
  return matches.filter((m) => m.from >= s.from && m.from < s.to).sort((a, b) => b.weight - a.weight)[0];
}

/**
 * Enthusiastic wording over a sustained neutral or negative face, or bad news delivered with a
 * sustained smile. Politeness ("thanks for coming in", "I loved working on this") is not
 * enthusiasm: the wording must carry an excitement phrase, or bad news a bad-news phrase or clearly
 * negative sentiment. The face must hold for most of the sentence (smoothed frame by frame); a
 * neutral face weighs less than a negative one, since many people simply look neutral when they talk.
 */
export function detectEmotionalMismatch(ctx: DetectorContext): TRawEvent[] {
  const out: TRawEvent[] = [];
  for (const s of ctx.verbal.sentences) {
    const coverage = frameCoverage(ctx.visual, s.start, s.end);
    const readings = smoothedEmotions(framesIn(ctx.visual, s.start, s.end));
    if (coverage < MIN_COVERAGE || readings.length < 2) continue;
    const kinds = readings.map((r) => faceReading(r.e));
    const shareOf = (k: FaceReading) => kinds.filter((x) => x === k).length / kinds.length;
    // Strong sentiment with the courtesies left out counts as enthusiasm too, more weakly than the words.
    const excited =
      strongestIn(ctx.verbal.feelings.excitement, s) ??
      (s.enthusiasm >= STRONG_ENTHUSIASM
        ? { phrase: s.text, weight: 0.7, from: s.from, to: s.to, start: s.start, end: s.end }
        : undefined);
    const badNews = strongestIn(ctx.verbal.feelings.badNews, s);
    const mean = meanEmotions(framesIn(ctx.visual, s.start, s.end))!;
    const details = {
      sentiment: round(s.sentiment),
      frames: readings.length,
      face: { neutral: round(mean.neutral), happy: round(mean.happy), negative: round(negativeOf(mean)) },
    };
    const certainty = speechCertainty(ctx.verbal.tokens, s.from, s.to);
    const faceTrust = Math.sqrt(coverage * meanFaceConfidence(framesIn(ctx.visual, s.start, s.end)));
    if (excited && s.sentiment > -SENTIMENT_POLARITY) {
      const negative = shareOf("negative");
      const flat = negative + shareOf("neutral");
      if (flat < SUSTAINED_FACE_SHARE) continue;
      const mismatch = (negative + NEUTRAL_FACE_WEIGHT * shareOf("neutral")) / Math.max(flat, 1e-9);
      const look = dominantNonHappy(mean);
      out.push(
        event(ctx, "EMOTIONAL_MISMATCH", s, {
          severity: excited.weight * mismatch * flat,
          confidence: Math.sqrt(certainty * excited.weight) * faceTrust,
          observation:
            excited.phrase === s.text
              ? `Your face ${FACE_WORDS[look]} while your words were enthusiastic.`
              : `Your face ${FACE_WORDS[look]} while you said "${excited.phrase}".`,
          details: { ...details, wording: "enthusiastic", cue: excited.phrase, sustainedShare: round(flat) },
          channels: ["visual"],
        }),
      );
      continue;
    }
    const badStrength = Math.max(badNews?.weight ?? 0, clamp((-s.sentiment - SENTIMENT_POLARITY) / 0.4));
    if (badStrength <= 0 || s.sentiment > 0) continue;
    const smiling = shareOf("smiling");
    if (smiling < SUSTAINED_FACE_SHARE - 0.1) continue;
    out.push(
      event(ctx, "EMOTIONAL_MISMATCH", s, {
        severity: badStrength * smiling,
        confidence: Math.sqrt(certainty * badStrength) * faceTrust,
        observation: `You were smiling while you gave bad news${badNews ? ` ("${badNews.phrase}")` : ""}.`,
        details: { ...details, wording: "bad news", cue: badNews?.phrase ?? null, smilingShare: round(smiling) },
        channels: ["visual"],
      }),
    );
  }
  return out;
}

function negativeOf(e: Record<TEmotion, number>): number {
  return e.sad + e.angry + e.fear + e.disgust;
}

/** The strongest emotion other than happy, for describing a face that did not smile. */
function dominantNonHappy(e: Record<TEmotion, number>): Exclude<TEmotion, "happy"> {
  const negatives = (["sad", "angry", "fear", "disgust"] as const).filter((k) => e[k] >= 0.25);
  if (negatives.length === 0) return "neutral";
  return negatives.reduce((a, b) => (e[b] > e[a] ? b : a));
}

/**
 * What the camera saw while a cue was said off camera. A frame without a face
 * has no head pose, so face-absent spans are told in seconds out of view rather
 * than as a head yaw (which would read "up to 0°").
 */
export function describeLookingAway(frames: TVisualFrame[], off: number, fps: number): string {
  const absent = frames.filter((f) => !f.facePresent).length;
  const absentSeconds = fps > 0 ? `${round(absent / fps, 1)} s` : `${absent} frames`;
  if (absent === frames.length)
    return `out of view: face not visible for ${absentSeconds} (${absent} of ${absent} frames)`;
  const yaws = frames.filter((f) => f.facePresent && f.head).map((f) => Math.abs(f.head!.yaw));
  const gazeAway = frames.filter((f) => f.facePresent && f.gaze && !f.gaze.onCamera).length;
  const signs = [
    `off camera in ${pct(off)} of ${frames.length} frames`,
    absent > 0 ? `face not visible for ${absentSeconds}` : null,
    gazeAway > 0 ? `gaze away from the lens in ${gazeAway}` : null,
    yaws.length > 0 ? `head yaw up to ${Math.round(Math.max(...yaws))}° while visible` : null,
  ].filter(Boolean);
  return `looking away: ${signs.join(", ")}`;
}

/** "while looking away from the camera", "while your face was not visible for 2.5 s", "with your head turned away". */
export function plainLookingAway(frames: TVisualFrame[], fps: number): string {
  const absent = frames.filter((f) => !f.facePresent).length;
  if (absent * 2 >= frames.length && fps > 0) return `with your face not visible for ${round(absent / fps, 1)} s`;
  if (absent * 2 >= frames.length) return "with your face out of view";
  const turned = frames.filter((f) => f.facePresent && f.head && Math.abs(f.head.yaw) > 25).length;
  return turned * 2 >= frames.length ? "with your head turned away" : "while looking away from the camera";
}

/** Key claims, emphasis and calls to action delivered off camera, head turned, or out of frame. */
export function detectGazeAvoidance(ctx: DetectorContext): TRawEvent[] {
  const cues = [...ctx.verbal.cues.emphasis, ...ctx.verbal.cues.claims, ...ctx.verbal.cues.callToAction];
  const out: TRawEvent[] = [];
  for (const m of cues) {
    const span = cueSpan(ctx, m, 0.5, 2);
    const frames = framesIn(ctx.visual, span.start, span.end);
    const coverage = frameCoverage(ctx.visual, span.start, span.end);
    if (coverage < MIN_COVERAGE) continue;
    const off = share(frames, (f) => isOffCamera(f, ctx.rules));
    if (off < 0.5) continue;
    out.push(
      event(ctx, "GAZE_AVOIDANCE", span, {
        severity: off * (0.6 + 0.4 * m.weight),
        confidence: Math.sqrt(coverage * m.weight * speechCertainty(ctx.verbal.tokens, m.from, m.to)),
        observation: `You said "${m.phrase}" ${plainLookingAway(frames, ctx.visual?.fps ?? 0)}.`,
        details: {
          offCameraShare: round(off),
          frames: frames.length,
          seen: describeLookingAway(frames, off, ctx.visual?.fps ?? 0),
        },
        channels: ["visual"],
      }),
    );
  }
  return out;
}

/** Head sway (face sizes, 1–6 Hz amplitude) where fidgeting starts, and the span over which it grows to full severity. */
export const HEAD_SWAY = { from: 0.05, span: 0.1 } as const;

/** Assertive wording over fidgeting hands or body, self-touch, or a swaying head (no body needed). */
export function detectNervousFidgeting(ctx: DetectorContext): TRawEvent[] {
  const cues = [...ctx.verbal.cues.confidence, ...ctx.verbal.cues.claims, ...ctx.verbal.cues.callToAction];
  const out: TRawEvent[] = [];
  for (const m of cues) {
    const span = cueSpan(ctx, m, 1, 3);
    const motion = motionIn(ctx.visual, span.start, span.end);
    const frames = framesIn(ctx.visual, span.start, span.end);
    const coverage = Math.max(motion.covered, frameCoverage(ctx.visual, span.start, span.end));
    if (coverage < MIN_COVERAGE) continue;
    const energyScore = clamp((motion.mean - ctx.rules.fidgetEnergy * 0.7) / (ctx.rules.fidgetEnergy * 0.6));
    const touch = share(frames, isSelfTouch);
    const sway = headSway(frames);
    const swayScore = clamp((sway.amplitude - HEAD_SWAY.from) / HEAD_SWAY.span);
    const severity = Math.max(energyScore, touch, swayScore);
    if (severity <= 0) continue;
    const signs = [
      energyScore > 0 ? "your hands and body were restless" : null,
      touch > 0 ? "you touched your face" : null,
      swayScore > 0 ? "your head swayed back and forth" : null,
    ].filter((x): x is string => x !== null);
    out.push(
      event(ctx, "NERVOUS_FIDGETING", span, {
        severity,
        confidence: Math.sqrt(coverage * m.weight) * (0.7 + 0.1 * signs.length),
        observation: `You said "${m.phrase}" while ${listWords(signs)}.`,
        details: {
          motionEnergy: round(motion.mean),
          motionPeak: round(motion.max),
          selfTouchShare: round(touch),
          headSwayFaceSizes: round(sway.amplitude, 3),
          framesWithFace: sway.frames,
        },
        channels: ["visual"],
      }),
    );
  }
  return out;
}

/** "a", "a and b", "a, b and c". */
export function listWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A voice fading by more than `from` dB from the first to the last third of a sentence counts, fully at from + span. */
export const FADE_DB = { from: 6, span: 6 } as const;

/** "I'm confident", "clearly", "definitely" near hedges or fillers, over a fading voice, or with a downcast gaze. */
export function detectConfidenceMismatch(ctx: DetectorContext): TRawEvent[] {
  const out: TRawEvent[] = [];
  for (const m of ctx.verbal.cues.confidence) {
    const near = { start: m.start - 5, end: m.end + 5 };
    const hedges = ctx.verbal.cues.hedges.filter((h) => h.end >= near.start && h.start <= near.end);
    // "sort of" and "kind of" are both Teams fillers and hedges: count each such phrase once, as a hedge.
    const fillers = ctx.verbal.fillers.filter(
      (f) => f.end >= near.start && f.start <= near.end && !hedges.some((h) => h.start <= f.start && h.end >= f.end),
    );
    const sentence = sentenceOf(ctx.verbal.sentences, m.from);
    const span = sentence ? { start: sentence.start, end: sentence.end } : { start: m.start, end: m.end };
    const drop = loudnessDropDb(audioIn(ctx.audio, span.start, span.end));
    const frames = framesIn(ctx.visual, span.start, span.end);
    const downcast =
      frameCoverage(ctx.visual, span.start, span.end) >= MIN_COVERAGE
        ? share(frames, (f) => isDowncast(f, ctx.rules))
        : 0;
    const verbalDoubt = clamp(0.3 * hedges.length + 0.15 * fillers.length);
    // Speech naturally declines a few dB over a sentence; only a clear fade counts.
    const fading = clamp((-drop - FADE_DB.from) / FADE_DB.span);
    const severity = clamp(verbalDoubt + 0.6 * fading + 0.5 * downcast);
    if (severity < 0.2) continue;
    const kinds = [verbalDoubt > 0, fading > 0, downcast > 0].filter(Boolean).length;
    const nearby = [
      hedges.length ? `hedges nearby: ${hedges.map((h) => `"${h.phrase}"`).join(", ")}` : null,
      fillers.length ? `fillers nearby: ${fillers.map((f) => `"${f.text}"`).join(", ")}` : null,
    ].filter(Boolean);
    const signs = [
      nearby.length ? `with ${nearby.join("; ")}` : null,
      fading > 0 ? "your voice fades over the sentence" : null,
      downcast > 0 ? "you were looking down" : null,
    ].filter(Boolean);
    const start = Math.min(span.start, ...hedges.map((h) => h.start), ...fillers.map((f) => f.start));
    const end = Math.max(span.end, ...hedges.map((h) => h.end), ...fillers.map((f) => f.end));
    out.push(
      event(
        ctx,
        "CONFIDENCE_MISMATCH",
        { start, end },
        {
          severity,
          // More witnesses of one kind (three hedges, not one) make the doubt clearer.
          confidence:
            m.weight *
            Math.sqrt(speechCertainty(ctx.verbal.tokens, m.from, m.to)) *
            (0.55 + 0.15 * kinds + 0.05 * Math.min(2, hedges.length + fillers.length - 1)),
          observation: `You said "${m.phrase}", but ${signs.join(", and ")}.`,
          details: {
            hedges: hedges.map((h) => h.phrase),
            fillers: fillers.map((f) => f.text),
            loudnessChangeDb: round(drop, 1),
            downcastShare: round(downcast),
          },
          channels: [...(downcast > 0 ? (["visual"] as const) : []), ...(fading > 0 ? (["audio"] as const) : [])],
        },
      ),
    );
  }
  return out;
}

/** "This is critical", "the key point" said with flat pitch and volume. */
export function detectMonotoneEmphasis(ctx: DetectorContext): TRawEvent[] {
  const out: TRawEvent[] = [];
  for (const m of ctx.verbal.cues.emphasis) {
    const sentence = sentenceOf(ctx.verbal.sentences, m.from);
    let span = sentence ? { start: sentence.start, end: sentence.end } : { start: m.start, end: m.end };
    if (span.end - span.start < 1.5) span = { start: span.start - 0.75, end: span.end + 0.75 };
    const windows = audioIn(ctx.audio, span.start, span.end);
    const pitch = pitchVariationSemitones(windows);
    if (pitch.voiced < 5) continue;
    const loud = loudnessVariationDb(windows);
    const flatPitch = clamp(1 - pitch.std / 1.5);
    const flatLoud = clamp(1 - loud / 3);
    if (flatPitch <= 0 || flatLoud <= 0) continue;
    out.push(
      event(ctx, "MONOTONE_EMPHASIS", span, {
        severity: (flatPitch + flatLoud) / 2,
        confidence:
          Math.sqrt(m.weight * clamp(pitch.voiced / 10)) * Math.sqrt(speechCertainty(ctx.verbal.tokens, m.from, m.to)),
        observation: `You said "${m.phrase}" in a flat voice: your pitch and volume hardly moved.`,
        details: {
          pitchVariationSemitones: round(pitch.std),
          loudnessVariationDb: round(loud, 1),
          voicedWindows: pitch.voiced,
        },
        channels: ["audio"],
      }),
    );
  }
  return out;
}

/** A sentence longer than this is not one moment (an unpunctuated transcript runs a talk into one "sentence"). */
const DEICTIC_SENTENCE_MAX_SECONDS = 8;

/**
 * The moment a pointing phrase belongs to: its sentence, since the sentence says what is pointed
 * at. Padding the words by seconds instead ran into the next sentence, and two pointing sentences a
 * pause apart merged into one flag that matched neither. A sentence too long to be one moment falls
 * back to the words with the delivery window around them.
 */
function deicticMoment(ctx: DetectorContext, m: PhraseMatch, around: Span): Span {
  const s = sentenceOf(ctx.verbal.sentences, m.from);
  if (s && s.end - s.start <= DEICTIC_SENTENCE_MAX_SECONDS) return { start: s.start, end: s.end };
  return around;
}

/** "As you can see", "look at this", "here" with no gesture and no gaze or head shift. */
export function detectDeicticMismatch(ctx: DetectorContext): TRawEvent[] {
  const out: TRawEvent[] = [];
  for (const m of ctx.verbal.cues.deictic) {
    // The delivery is judged around the words (a gesture may lead or trail them), within the talk.
    const around = { start: Math.max(0, m.start - 1), end: m.end + 2 };
    const frames = framesIn(ctx.visual, around.start, around.end);
    const coverage = frameCoverage(ctx.visual, around.start, around.end);
    if (coverage < MIN_COVERAGE) continue;
    const gesture = share(frames, hasHandGesture);
    const motion = motionIn(ctx.visual, around.start, around.end);
    const yawRange = headYawRange(frames);
    const offCamera = share(frames, (f) => isOffCamera(f, ctx.rules));
    if (gesture > 0 || motion.max >= 0.3 || yawRange >= 12 || offCamera > 0) continue;
    out.push(
      event(ctx, "DEICTIC_MISMATCH", deicticMoment(ctx, m, around), {
        severity: 0.4 + 0.5 * m.weight,
        confidence: Math.sqrt(coverage) * m.weight * Math.sqrt(speechCertainty(ctx.verbal.tokens, m.from, m.to)),
        observation: `You said "${m.phrase}" without pointing or turning toward anything.`,
        details: { frames: frames.length, motionPeak: round(motion.max), headYawRangeDegrees: Math.round(yawRange) },
        channels: ["visual"],
      }),
    );
  }
  return out;
}

/** Brevity words that are only a promise about the talk when a speech verb is near ("quickly explain", not "grew quickly"). */
const NEEDS_SPEECH_VERB = new Set(["briefly", "quickly", "a quick", "real quick", "just a second", "in a minute"]);
const SPEECH_VERBS = new Set(
  "explain show go walk run mention cover touch summarize summarise recap look review talk share say tell describe introduce update outline present".split(
    " ",
  ),
);

/** Whether a brevity cue announces a short section of the talk. */
function announcesBrevity(tokens: DetectorContext["verbal"]["tokens"], m: PhraseMatch): boolean {
  if (!NEEDS_SPEECH_VERB.has(m.phrase)) return true;
  return tokens.slice(Math.max(0, m.from - 3), m.to + 3).some((t) => SPEECH_VERBS.has(t.w));
}

/** "Briefly" followed by a long stretch, or a key point rushed well above the speaker's own pace. */
export function detectPaceMismatch(ctx: DetectorContext): TRawEvent[] {
  const out: TRawEvent[] = [];
  const { tokens, pauses, sentences } = ctx.verbal;
  const lastWord = tokens[tokens.length - 1]?.end ?? 0;
  for (const m of ctx.verbal.cues.brevity) {
    if (!announcesBrevity(tokens, m)) continue;
    const breakAfter = pauses.find((p) => p.kind === "long" && p.start >= m.end);
    const end = breakAfter ? breakAfter.start : lastWord;
    const length = end - m.start;
    if (length <= BRIEF_MAX_SECONDS) continue;
    out.push({
      ...event(
        ctx,
        "PACE_MISMATCH",
        { start: m.start, end },
        {
          severity: clamp(0.3 + (length - BRIEF_MAX_SECONDS) / 90),
          confidence: m.weight * 0.85,
          observation: `You said "${m.phrase}", then talked for ${plural(Math.round(length), "second")} without a break.`,
          details: { seconds: round(length, 1), briefMeansUnderSeconds: BRIEF_MAX_SECONDS },
          channels: [],
        },
      ),
      quote: quoteBetween(tokens, m.start, m.end + 4),
    });
  }
  const rates = sentences
    .filter((s) => s.to - s.from >= 5)
    .map((s) => s.wpm)
    .sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)] ?? 0;
  const keyPoints = [...ctx.verbal.cues.emphasis, ...ctx.verbal.cues.claims];
  const seen = new Set<number>();
  for (const m of keyPoints) {
    const s = sentenceOf(sentences, m.from);
    if (!s || seen.has(s.index) || s.to - s.from < 5 || rates.length < 3) continue;
    seen.add(s.index);
    const ratio = s.wpm / median;
    if (ratio < 1.3 || s.wpm < 180) continue;
    out.push(
      event(ctx, "PACE_MISMATCH", s, {
        severity: clamp((ratio - 1.1) / 0.6),
        confidence: clamp((s.to - s.from) / 8) * speechCertainty(tokens, s.from, s.to),
        observation: `The key point "${m.phrase}" was rushed at ${Math.round(s.wpm)} WPM, against your usual ${Math.round(median)} WPM.`,
        details: { sentenceWpm: round(s.wpm, 1), medianWpm: round(median, 1), words: s.to - s.from },
        channels: [],
      }),
    );
  }
  return out;
}

/** The verbal cues that make each type a dissonance rather than a delivery habit. */
const VERBAL_ROLES: Record<TDissonanceType, CueRole[]> = {
  EMOTIONAL_MISMATCH: [],
  GAZE_AVOIDANCE: ["emphasis", "claims", "callToAction"],
  NERVOUS_FIDGETING: ["confidence", "claims", "callToAction"],
  CONFIDENCE_MISMATCH: ["confidence"],
  MONOTONE_EMPHASIS: ["emphasis"],
  DEICTIC_MISMATCH: ["deictic"],
  PACE_MISMATCH: ["brevity", "emphasis", "claims"],
};
/** Severity factor for an observation with no verbal cue of its type nearby. */
export const UNCORROBORATED_OBSERVATION = 0.6;

/** Whether the verbal side of `type` is present within a second of [start, end]. */
function verbalSideNear(ctx: DetectorContext, type: TDissonanceType, start: number, end: number): boolean {
  const near = (a: { start: number; end: number }) => a.end >= start - 1 && a.start <= end + 1;
  if (type === "EMOTIONAL_MISMATCH") {
    return ctx.verbal.sentences.some((s) => Math.abs(s.sentiment) > SENTIMENT_POLARITY && near(s));
  }
  return VERBAL_ROLES[type].some((role) => ctx.verbal.cues[role].some(near));
}

/**
 * Span-level observations from a video-understanding service, kept as raw events
 * of their type. The services report no severity: their confidence stands in,
 * scaled by UNCORROBORATED_OBSERVATION when the transcript has no verbal cue of
 * the type nearby (then it is a delivery habit more than a dissonance).
 */
export function observationEvents(ctx: DetectorContext): TRawEvent[] {
  if (!ctx.visual) return [];
  const known = new Set<string>(DISSONANCE_TYPES);
  return ctx.visual.observations
    .filter((o) => known.has(o.type) && o.end >= o.start)
    .map((o) => {
      const type = o.type as TDissonanceType;
      const corroborated = verbalSideNear(ctx, type, o.start, o.end);
      return {
        type,
        start: o.start,
        end: o.end,
        confidence: o.confidence,
        severity: round(o.confidence * (corroborated ? 1 : UNCORROBORATED_OBSERVATION), 3),
        quote: quoteBetween(ctx.verbal.tokens, o.start, o.end),
        observation: corroborated ? o.description : `${o.description} (no matching words nearby)`,
        provider: ctx.visual!.provider,
      };
    });
}

/** Runs every detector. */
export function detectAll(ctx: DetectorContext): TRawEvent[] {
  // A picture in which no face is ever seen shows no presenter: "out of view" and "no gesture"
  // would be claims about someone who was never there (the report says the face could not be
  // judged). The frame detectors then see no picture; a service's own observations still count.
  const presenterSeen = ctx.visual?.frames.some((f) => f.facePresent) ?? false;
  const framesCtx: DetectorContext = presenterSeen ? ctx : { ...ctx, visual: null };
  return [
    ...detectEmotionalMismatch(framesCtx),
    ...detectGazeAvoidance(framesCtx),
    ...detectNervousFidgeting(framesCtx),
    ...detectConfidenceMismatch(framesCtx),
    ...detectMonotoneEmphasis(framesCtx),
    ...detectDeicticMismatch(framesCtx),
    ...detectPaceMismatch(framesCtx),
    ...observationEvents(ctx),
  ].sort((a, b) => a.start - b.start || a.type.localeCompare(b.type));
}
