import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { observeStage, recordCacheLookup } from "@coherence/core";
import {
  judgeFromMetrics,
  type TAnalysisResult,
  type TAudioFeatures,
  type TCoachingReport,
  type TPipelineStage,
  type TRawEvent,
  type TScriptAdherence,
  type TTranscript,
  type TVisualTimeline,
} from "@coherence/shared";
import { createProgressTracker, type ProgressSnapshot } from "./progress";
import { noCache, type PipelineDeps, type StageCache } from "./types";

export type MediaAnalysis = TAnalysisResult & {
  rawEvents: TRawEvent[];
  visual: TVisualTimeline;
  audio: TAudioFeatures;
  breakdown?: unknown;
  /** How the talk followed the presenter's script, when one was given. */
  script?: TScriptAdherence;
};

/** Runs a stage once: a cached output from an earlier attempt is returned instead of redoing the work. */
async function cached<T>(
  cache: StageCache,
  stage: TPipelineStage,
  provider: string,
  run: () => Promise<T>,
): Promise<T> {
  const hit = await cache.get<T>(stage, provider);
  recordCacheLookup({ cache: `stage:${stage}`, hit: hit !== undefined });
  if (hit !== undefined) return hit;
  const value = await run();
  await cache.set(stage, provider, value);
  return value;
}

/**
 * The analysis pipeline on one media file: probe, extract, then transcription and
 * vision in parallel, audio features, fusion, coaching. It reads no database;
 * the job handler persists what it returns. Every stage reports progress.
 */
export async function analyzeMedia(opts: {
  videoPath: string;
  deps: PipelineDeps;
  fps: number;
  signal: AbortSignal;
  cache?: StageCache;
  onProgress?: (s: ProgressSnapshot) => void;
  /** The presenter's script (issue 14), validated with shared ZScriptText. */
  script?: string;
}): Promise<MediaAnalysis> {
  const { deps, signal } = opts;
  const cache = opts.cache ?? noCache;
  const tracker = createProgressTracker((s) => opts.onProgress?.(s));
  const log = deps.logger;
  const timed = async <T>(stage: TPipelineStage, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    tracker.update(stage, 0);
    try {
      const out = await fn();
      tracker.update(stage, 1);
      const ms = performance.now() - started;
      observeStage({ stage, seconds: ms / 1000 });
      log.info({ stage, ms: Math.round(ms) }, "stage done");
      return out;
    } catch (err) {
      observeStage({ stage, seconds: (performance.now() - started) / 1000, outcome: "error" });
      throw err;
    }
  };

  const { durationSeconds } = await timed("probe", () =>
    cached(cache, "probe", "ffprobe", () => deps.probe({ path: opts.videoPath, signal })),
  );
  const work = await mkdtemp(join(tmpdir(), "coherence-analysis-"));
  try {
    const wavPath = join(work, "audio.wav");
    await timed("extract", () => deps.extractAudio({ videoPath: opts.videoPath, outPath: wavPath, signal }));

    const [transcript, visual] = await Promise.all([
      timed("transcribe", () =>
        cached<TTranscript>(cache, "transcribe", deps.speech.name, () =>
          deps.speech.transcribe({
            audioPath: wavPath,
            durationSeconds,
            signal,
            logger: log.child({ stage: "transcribe" }),
            onProgress: (f) => tracker.update("transcribe", Math.min(f, 0.99)),
          }),
        ),
      ),
      timed("visuals", () =>
        cached<TVisualTimeline>(cache, "visuals", deps.vision.name, () =>
          deps.vision.analyze({
            videoPath: opts.videoPath,
            durationSeconds,
            fps: opts.fps,
            signal,
            logger: log.child({ stage: "visuals" }),
            onProgress: (f) => tracker.update("visuals", Math.min(f, 0.99)),
          }),
        ),
      ),
    ]);

    const audio = await timed("audio", () =>
      cached<TAudioFeatures>(cache, "audio", "local", () => deps.audioFeatures({ wavPath, transcript, signal })),
    );
    const fused = await timed("fuse", async () => deps.fuse({ transcript, visual, audio, durationSeconds }));
    const judgement = judgeFromMetrics(fused.metrics);
    const report = await timed("coach", () =>
      cached<TCoachingReport>(cache, "coach", deps.coaching.name, () =>
        deps.coaching.generate({
          input: {
            durationSeconds,
            score: fused.score,
            tier: fused.tier,
            metrics: fused.metrics,
            flags: fused.flags,
            judgement,
            transcriptExcerpt: transcript.text.slice(0, 4000),
          },
          signal,
          logger: log.child({ stage: "coach" }),
        }),
      ),
    );
    return {
      coherenceScore: fused.score,
      scoreTier: fused.tier,
      judgement,
      durationSeconds,
      flags: fused.flags,
      heatmap: fused.heatmap,
      metrics: fused.metrics,
      report,
      transcript,
      rawEvents: fused.rawEvents,
      breakdown: fused.breakdown,
      visual,
      audio,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
