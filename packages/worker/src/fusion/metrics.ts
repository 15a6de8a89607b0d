import { EMOTIONS, type TAudioFeatures, type TMetric, type TVisualTimeline } from "@coherence/shared";
import { type MetricBands, rateMetric } from "./bands";
import {
  audioIn,
  DEFAULT_FRAME_RULES,
  type FrameRules,
  frameRuns,
  isOffCamera,
  loudnessVariationDb,
  meanEmotions,
  pitchVariationSemitones,
  speechWindows,
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

  const minutes = verbal.speakingSeconds / 60;
  add({ name: "wordsSpokenCount", value: words, unit: "words" });
  if (words > 0) {
    add({
      name: "averageWordsPerMinutePace",
      value: round(minutes > 0 ? words / minutes : 0, 1),
      unit: "wpm",
      details: {
        windows: verbal.wpmWindows.map((w) => ({
          start: round(w.start, 1),
          end: round(w.end, 1),
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
    const badDistance = frameRuns(
      frames,
      visual.fps,
      (f) => !!f.face && (f.face.height < rules.faceTooFarHeight || f.face.height > rules.faceTooCloseHeight),
      OCCURRENCE_SECONDS.cameraDistance,
    );
    add({
      name: "incorrectCameraDistanceOccurrencesCount",
      value: badDistance.length,
      unit: "count",
      details: { times: times(badDistance) },
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
      const dominant = EMOTIONS.reduce((a, b) => (emotions[b] > emotions[a] ? b : a));
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
