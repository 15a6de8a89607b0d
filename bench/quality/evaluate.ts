import type { Logger } from "@coherence/core";
import {
  analyzeMedia,
  createPipelineDeps,
  createRuleBasedCoachingProvider,
  type MediaAnalysis,
  type SpeechTranscriptionProvider,
  type VideoAnalysisProvider,
  wordErrorRate,
} from "@coherence/worker/pipeline";
import { type BuiltTalk, buildTalk } from "./build";
import type { TalkOutcome } from "./score";
import { createScriptSpeechProvider } from "./script-speech";
import type { TalkSpec } from "./spec";
import { talkStageCache } from "./stage-cache";

/**
 * `exact`: the script as the transcript (judges fusion alone). `e2e`: the configured recogniser.
 * `script`: the recogniser guided by the talk's text as its script (issue 14); not part of `both`.
 */
export type Mode = "exact" | "e2e" | "script";
export const MODES: Mode[] = ["exact", "e2e"];

const metric = (result: MediaAnalysis, name: string) => result.metrics.find((m) => m.name === name)?.value ?? null;

/** Scores one analysis against its talk's construction. */
export function outcomeOf(talk: BuiltTalk, result: MediaAnalysis, mode: Mode): TalkOutcome {
  const frames = result.visual.frames;
  const outcome: TalkOutcome = {
    id: talk.spec.id,
    calm: !!talk.spec.calm,
    durationSeconds: talk.durationSeconds,
    labels: talk.labels.map(({ type, start, end, reverse }) => ({ type, start, end, reverse })),
    flags: result.flags.map(({ type, start, end, confidence, severity, evidence }) => ({
      type,
      start,
      end,
      confidence,
      severity,
      observation: evidence.observation,
    })),
    rawEvents: result.rawEvents.map(({ type, start, end, confidence, severity }) => ({
      type,
      start,
      end,
      confidence,
      severity,
    })),
    metrics: {
      wpm: { truth: talk.truth.wpm, measured: metric(result, "averageWordsPerMinutePace") },
      eyeContact: { truth: talk.truth.eyeContactShare, measured: metric(result, "eyeContactShare") },
      facePresence: {
        truth: talk.truth.facePresentShare,
        measured: frames.length ? (100 * frames.filter((f) => f.facePresent).length) / frames.length : null,
      },
    },
  };
  if (mode !== "exact") {
    const w = wordErrorRate({ reference: talk.transcript.text, hypothesis: result.transcript.text });
    outcome.wer = { errors: w.wer * w.referenceWords, words: w.referenceWords };
  }
  return outcome;
}

export type TalkRun = { talk: BuiltTalk; mode: Mode; outcome: TalkOutcome; result: MediaAnalysis; seconds: number };

/**
 * Builds each talk and runs the real pipeline on it (analyzeMedia: vision,
 * transcription, audio features, fusion, rule-based coaching) once per mode.
 * The vision timeline is shared between the modes, and with `stageCacheDir`
 * kept on disk under a hash of the provider code.
 */
export async function evaluateTalks(opts: {
  specs: TalkSpec[];
  modes: Mode[];
  vision: VideoAnalysisProvider;
  /** The configured recogniser, for `e2e`. */
  recogniser: () => SpeechTranscriptionProvider;
  fps: number;
  logger: Logger;
  cacheDir?: string;
  stageCacheDir?: string;
  onRun?: (run: TalkRun) => void;
}): Promise<Record<Mode, TalkRun[]>> {
  const runs: Record<Mode, TalkRun[]> = { exact: [], e2e: [], script: [] };
  const coaching = createRuleBasedCoachingProvider();
  const recogniser = opts.modes.some((m) => m !== "exact") ? opts.recogniser() : null;
  for (const spec of opts.specs) {
    const talk = await buildTalk(spec, { cacheDir: opts.cacheDir });
    const cache = talkStageCache({ talkKey: talk.key, dir: opts.stageCacheDir });
    for (const mode of opts.modes) {
      const speech = mode === "exact" ? createScriptSpeechProvider(talk.transcript) : recogniser!;
      const deps = await createPipelineDeps({
        providers: { speech, vision: opts.vision, coaching },
        logger: opts.logger,
      });
      const t0 = performance.now();
      const result = await analyzeMedia({
        videoPath: talk.path,
        deps,
        fps: opts.fps,
        signal: new AbortController().signal,
        cache,
        ...(mode === "script" ? { script: talk.transcript.text } : {}),
      });
      const run = {
        talk,
        mode,
        outcome: outcomeOf(talk, result, mode),
        result,
        seconds: (performance.now() - t0) / 1000,
      };
      runs[mode].push(run);
      opts.onRun?.(run);
    }
  }
  return runs;
}
