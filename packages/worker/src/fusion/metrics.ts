import {
  EMOTIONS,
  type TAudioFeatures,
  type TEmotion,
  type TMetric,
  type TVisualFrame,
  type TVisualTimeline,
  wordsPerMinute,
} from "@coherence/shared";
import { type MetricBands, rateMetric } from "./bands";
import {
  audioIn,
  DEFAULT_FRAME_RULES,
  type FrameRules,
  frameRuns,
  isOffCamera,
  loudnessVariationDb,
  meanEmotions,
  median,
  pitchVariationSemitones,
  smoothedEmotions,
  speechWindows,
  WEAK_EMOTION,
} from "./signals";
import { lowerBound, round } from "./text";
import type { Occurrence, VerbalFeatures } from "./verbal";

/** Seconds a gaze-off, distance or obstruction run must last to count as an occurrence. */
export const OCCURRENCE_SECONDS = { lostEyeContact: 2, cameraDistance: 3, obstructed: 1.5 } as const;
/** A monotone stretch: this many seconds of speech with pitch variation under 1 semitone. */
export const MONOTONE = { windowSeconds: 10, maxSemitones: 1 } as const;

/** Most frequent texts, most frequent first. */
function top(occurrences: Occurrence[], n = 5): { text: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const o of occurrences) counts.set(o.text, (counts.get(o.text) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([text, count]) => ({ text, count }));
}

const times = (xs: { start: number }[], n = 20) => xs.slice(0, n).map((x) => round(x.start, 1));

/** Monotone stretches: consecutive windows of speech whose pitch hardly moves. */
export function monotoneStretches(audio: TAudioFeatures | null | undefined): { start: number; end: number }[] {
  if (!audio || audio.windows.length === 0) return [];
  const out: { start: number; end: number }[] = [];
  const first = audio.windows[0]!.t;
  const last = audio.windows[audio.windows.length - 1]!.t;
  for (
    let start = first;
    start + MONOTONE.windowSeconds <= last + audio.windowSeconds;
    start += MONOTONE.windowSeconds
  ) {
    const end = start + MONOTONE.windowSeconds;
    const ws = audioIn(audio, start, end - 1e-6);
    const pitch = pitchVariationSemitones(ws);
    // Only judge stretches that are mostly speech.
    if (pitch.voiced < ws.length * 0.5 || pitch.voiced < 5) continue;
    if (pitch.std >= MONOTONE.maxSemitones) continue;
    const prev = out[out.length - 1];
    if (prev && prev.end >= start) prev.end = end;
    else out.push({ start, end });
  }
  return out;
}

/**
 * The delivery metrics: Microsoft Speaker Coach's speakerAssignmentSubmission
 * fields plus eye contact, emotions, pitch and loudness variation, pauses,
 * filler and hedge density, conciseness and fidgeting. Each is rated against its band.
 */
export function computeMetrics(opts: {
  verbal: VerbalFeatures;
  visual: TVisualTimeline | null;
  audio: TAudioFeatures | null;
  bands: MetricBands;
  rules?: FrameRules;
}): TMetric[] {
  const { verbal, visual, audio, bands } = opts;
  const rules = opts.rules ?? DEFAULT_FRAME_RULES;
  const words = verbal.tokens.length;
  const metrics: TMetric[] = [];
  const add = (m: TMetric) => metrics.push(rateMetric(m, bands));
  const percent = (n: number) => (words ? round((100 * n) / words, 2) : 0);

  add({ name: "wordsSpokenCount", value: words, unit: "words" });
  if (words > 0) add(transcriptConfidenceMetric(verbal));
  if (words > 0) {
    // One pace definition: words ÷ seconds of speech (first word to last, breaks of 1.5 s or more
    // between words left out); the details carry both numbers so what the user sees can be checked.
    add({
      name: "averageWordsPerMinutePace",
      value: round(wordsPerMinute(words, verbal.speakingSeconds), 1),
      unit: "wpm",
      details: {
        words,
        seconds: round(verbal.speakingSeconds, 1),
        windows: verbal.wpmWindows.map((w) => ({
          start: round(w.start, 1),
          end: round(w.end, 1),
          words: w.words,
          seconds: round(w.seconds, 1),
          wpm: round(w.wpm, 1),
        })),
      },
    });
  }
  add({
    name: "fillerWordsOccurrencesCount",
    value: verbal.fillers.length,
    unit: "count",
    details: { topFillerWords: top(verbal.fillers), times: times(verbal.fillers) },
  });
  add({ name: "fillerDensity", value: percent(verbal.fillers.length), unit: "%" });
  const hedgeWords = verbal.cues.hedges.reduce((s, h) => s + (h.to - h.from), 0);
  add({
    name: "hedgeDensity",
    value: percent(hedgeWords),
    unit: "%",
    details: {
      topHedges: top(verbal.cues.hedges.map((h) => ({ text: h.phrase, start: h.start, end: h.end }))),
      times: times(verbal.cues.hedges),
    },
  });
  add({
    name: "repetitiveLanguageOccurrencesCount",
    value: verbal.repetitions.length,
    unit: "count",
    details: { topRepetitiveWordsAndPhrases: top(verbal.repetitions), times: times(verbal.repetitions) },
  });
  const nonInclusiveTop = top(verbal.nonInclusive).map((t) => ({
    ...t,
    alternatives: verbal.nonInclusive.find((n) => n.text === t.text)?.alternatives ?? [],
  }));
  add({
    name: "nonInclusiveLanguageOccurrencesCount",
    value: verbal.nonInclusive.length,
    unit: "count",
    details: { topNonInclusiveWordsAndPhrases: nonInclusiveTop, times: times(verbal.nonInclusive) },
  });
  if (words > 0) {
    const repeatedWords = verbal.repetitions.reduce((s, r) => s + r.text.split(" ").length, 0);
    const fillerWords = verbal.fillers.reduce((s, f) => s + f.text.split(" ").length, 0);
    add({
      name: "conciseness",
      value: round(Math.max(0, 100 - percent(fillerWords + hedgeWords + repeatedWords)), 1),
      unit: "%",
      details: {
        meanSentenceWords: round(words / Math.max(1, verbal.sentences.length), 1),
        sentences: verbal.sentences.length,
      },
    });
    const sentiments = verbal.sentences.map((s) => s.sentiment);
    add({
      name: "averageSentiment",
      value: round(sentiments.reduce((a, b) => a + b, 0) / Math.max(1, sentiments.length), 3),
      unit: "score",
      details: {
        positiveSentences: sentiments.filter((s) => s > 0.333).length,
        negativeSentences: sentiments.filter((s) => s < -0.333).length,
      },
    });
  }
  const byKind = (k: string) => verbal.pauses.filter((p) => p.kind === k).length;
  add({
    name: "pauseCount",
    value: verbal.pauses.length,
    unit: "count",
    details: { short: byKind("short"), medium: byKind("medium"), long: byKind("long") },
  });
  add({
    name: "longPauseCount",
    value: byKind("long"),
    unit: "count",
    details: { times: times(verbal.pauses.filter((p) => p.kind === "long")) },
  });
  const midClause = verbal.pauses.filter((p) => p.midClause);
  add({ name: "midClausePauseCount", value: midClause.length, unit: "count", details: { times: times(midClause) } });

  if (audio && audio.windows.length > 0) {
    const monotone = monotoneStretches(audio);
    add({
      name: "monotoneOccurrencesCount",
      value: monotone.length,
      unit: "count",
      details: { times: times(monotone) },
    });
    const pitch = pitchVariationSemitones(audio.windows);
    if (pitch.voiced >= 5)
      add({
        name: "pitchVariation",
        value: round(pitch.std, 2),
        unit: "semitones",
        details: { voicedWindows: pitch.voiced },
      });
    const voiced = speechWindows(audio.windows);
    if (voiced.length >= 5) {
      add({
        name: "loudnessVariation",
        value: round(loudnessVariationDb(audio.windows), 2),
        unit: "dB",
        details: { meanDb: round(voiced.reduce((s, w) => s + w.rmsDb, 0) / voiced.length, 1) },
      });
    }
  }

  if (visual && visual.frames.length > 0) {
    const frames = visual.frames;
    const speaking = (t: number) => {
      const s = verbal.sentences[lowerBound(verbal.sentences, (x) => x.end, t)];
      return !!s && t >= s.start;
    };
    const speakingFrames = frames.filter((f) => speaking(f.t));
    const judged = speakingFrames.length ? speakingFrames : frames;
    const onCamera = judged.filter((f) => !isOffCamera(f, rules)).length;
    add({
      name: "eyeContactShare",
      value: round((100 * onCamera) / judged.length, 1),
      unit: "%",
      details: { framesJudged: judged.length, whileSpeaking: speakingFrames.length > 0 },
    });
    const lost = frameRuns(frames, visual.fps, (f) => isOffCamera(f, rules), OCCURRENCE_SECONDS.lostEyeContact);
    add({ name: "lostEyeContactOccurrencesCount", value: lost.length, unit: "count", details: { times: times(lost) } });
    const faces = frames.filter((f) => f.facePresent).length;
    add({
      name: "facePresenceShare",
      value: round((100 * faces) / frames.length, 1),
      unit: "%",
      details: { framesWithFace: faces, frames: frames.length },
    });
    const distance = cameraDistanceStates(frames, rules);
    const badDistance = frameRuns(
      frames,
      visual.fps,
      (f) => distance.get(f) !== "ok" && distance.has(f),
      OCCURRENCE_SECONDS.cameraDistance,
    );
    add({
      name: "incorrectCameraDistanceOccurrencesCount",
      value: badDistance.length,
      unit: "count",
      details: {
        times: times(badDistance),
        medianFaceHeightShare: round(median(frames.filter((f) => f.face).map((f) => f.face!.height)), 3),
      },
    });
    const obstructed = frameRuns(
      frames,
      visual.fps,
      (f) => !f.facePresent || (f.face?.confidence ?? 1) < rules.obstructedFaceConfidence,
      OCCURRENCE_SECONDS.obstructed,
    );
    add({
      name: "obstructedViewOccurrencesCount",
      value: obstructed.length,
      unit: "count",
      details: { times: times(obstructed) },
    });
    const emotions = meanEmotions(frames);
    if (emotions) {
      const dominant = dominantEmotion(frames);
      add({
        name: "emotionDistribution",
        value: round(100 * emotions.happy, 1),
        unit: "% happy",
        details: { dominant, distribution: Object.fromEntries(EMOTIONS.map((e) => [e, round(emotions[e], 3)])) },
      });
    }
  }
  if (visual && visual.motion.length > 0) {
    const total = visual.motion.reduce((s, m) => s + (m.end - m.start), 0);
    const fidget = visual.motion.filter((m) => m.energy >= rules.fidgetEnergy);
    const fidgetSeconds = fidget.reduce((s, m) => s + (m.end - m.start), 0);
    add({
      name: "fidgetingShare",
      value: round(total > 0 ? (100 * fidgetSeconds) / total : 0, 1),
      unit: "%",
      details: { times: times(fidget) },
    });
  }
  return metrics;
}

/** Share of words the recogniser marked uncertain above which the transcript is not reliable. */
export const UNRELIABLE_UNCERTAIN_SHARE = 0.35;
/** Mean word confidence below which an unmarked transcript (older analyses, fakes) is not reliable. */
export const UNRELIABLE_MEAN_CONFIDENCE = 0.5;

/**
 * How well the words were heard: mean recogniser confidence (as a %), the words marked uncertain,
 * and the verdict. The recogniser marks uncertain words by its own calibration; a transcript with no
 * marks is judged by its mean confidence.
 */
export function transcriptConfidenceMetric(verbal: VerbalFeatures): TMetric {
  const words = verbal.tokens.length;
  const mean = verbal.tokens.reduce((s, t) => s + t.confidence, 0) / Math.max(1, words);
  const uncertain = verbal.tokens.filter((t) => t.uncertain).length;
  const reliable = verbal.marked
    ? uncertain / Math.max(1, words) <= UNRELIABLE_UNCERTAIN_SHARE
    : mean >= UNRELIABLE_MEAN_CONFIDENCE;
  return {
    name: "transcriptConfidence",
    value: round(100 * mean, 1),
    unit: "%",
    details: { words, uncertainWords: uncertain, markedByRecogniser: verbal.marked, reliable },
  };
}

/**
 * Camera distance per frame from the share of the frame height the face takes, with hysteresis: a
 * face becomes too far below `faceTooFarHeight` and stays so until it is back above
 * `faceFarClearHeight` (likewise for too close), so a face near a line does not flicker. Heights are
 * the median of each frame and its neighbours. Frames without a face have no state.
 */
export function cameraDistanceStates(
  frames: TVisualFrame[],
  rules: FrameRules,
): Map<TVisualFrame, "ok" | "far" | "close"> {
  const withFace = frames.filter((f) => f.face && f.face.height > 0);
  const out = new Map<TVisualFrame, "ok" | "far" | "close">();
  let state: "ok" | "far" | "close" = "ok";
  withFace.forEach((f, i) => {
    const h = median(withFace.slice(Math.max(0, i - 1), i + 2).map((x) => x.face!.height));
    if (state === "far" && h > rules.faceFarClearHeight) state = "ok";
    if (state === "close" && h < rules.faceCloseClearHeight) state = "ok";
    if (state === "ok" && h < rules.faceTooFarHeight) state = "far";
    if (state === "ok" && h > rules.faceTooCloseHeight) state = "close";
    out.set(f, state);
  });
  return out;
}

/** Emotions other than neutral and happy need a clearer reading before they are named. */
const CLEAR_NEGATIVE = 0.55;

/**
 * The talk's dominant emotion from smoothed readings, or "uncertain" when the readings are weak:
 * the strongest mean emotion under WEAK_EMOTION, or a sad, angry, fearful, disgusted or surprised
 * reading that is not clearly ahead (a neutral face often scatters a little onto those).
 */
export function dominantEmotion(frames: TVisualFrame[]): TEmotion | "uncertain" {
  const readings = smoothedEmotions(frames);
  if (readings.length === 0) return "uncertain";
  const mean = Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as Record<TEmotion, number>;
  for (const r of readings) for (const e of EMOTIONS) mean[e] += r.e[e] / readings.length;
  const ranked = [...EMOTIONS].sort((a, b) => mean[b] - mean[a]);
  const [top, second] = [ranked[0]!, ranked[1]!];
  if (mean[top] < WEAK_EMOTION) return "uncertain";
  if (top !== "neutral" && top !== "happy" && (mean[top] < CLEAR_NEGATIVE || mean[top] - mean[second] < 0.2))
    return "uncertain";
  return top;
}
