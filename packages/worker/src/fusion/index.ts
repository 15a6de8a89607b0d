import type {
  TAudioFeatures,
  TFlag,
  THeatmap,
  TJudgement,
  TMetric,
  TRawEvent,
  TScoreTier,
  TTierBounds,
  TTranscript,
  TVisualTimeline,
} from "@coherence/shared";
import { computeMetrics } from "../metrics/index";
import { DEFAULT_METRIC_BANDS, type MetricBands, rateMetric } from "./bands";
import { buildHeatmap, clampFlagsToDuration, eventsToFlags, HEATMAP_BIN_SECONDS } from "./cluster";
import { detectAll } from "./detectors";
import { computeScore, type ScoreBreakdown } from "./score";
import { DEFAULT_FRAME_RULES, type FrameRules } from "./signals";
import { resolveThresholds, type Thresholds } from "./thresholds";
import { extractVerbal } from "./verbal";

export { DEFAULT_METRIC_BANDS, type MetricBand, type MetricBands, rate, rateMetric } from "./bands";
export {
  applyThresholds,
  buildHeatmap,
  clampFlagsToDuration,
  clusterEvents,
  eventsToFlags,
  HEATMAP_BIN_SECONDS,
  smoothClusters,
} from "./cluster";
export {
  computeScore,
  DEFAULT_TIER_BOUNDS,
  flagImpact,
  SCORE,
  type ScoreBreakdown,
  tierFor,
  tierWithin,
} from "./score";
export { DEFAULT_FRAME_RULES, type FrameRules } from "./signals";
export { DEFAULT_THRESHOLDS, resolveThresholds, type Thresholds, type TypeThreshold } from "./thresholds";
export { TIPS } from "./tips";
export { extractVerbal, type VerbalFeatures } from "./verbal";

/** Options shared by `fuse` and `rescore`. Everything has a default. */
export type FusionOptions = {
  /** Per-type thresholds (from the database); missing types take the defaults. */
  thresholds?: Partial<Thresholds>;
  /** Metric band overrides by metric name. */
  bands?: MetricBands;
  /** Heatmap bin width in seconds (default 5). */
  heatmapBinSeconds?: number;
  /** The tiers' lowest scores (from the database); default DEFAULT_TIER_BOUNDS. */
  tierBounds?: TTierBounds;
};

export type FuseInput = FusionOptions & {
  transcript: TTranscript;
  /** Null when the visual stage produced nothing: visual detectors and metrics are skipped. */
  visual?: TVisualTimeline | null;
  /** Null when there are no audio features: vocal detectors and metrics are skipped. */
  audio?: TAudioFeatures | null;
  durationSeconds: number;
  frameRules?: Partial<FrameRules>;
};

export type FuseResult = {
  /** Every detection before thresholds; persist these so `rescore` needs no provider call. */
  rawEvents: TRawEvent[];
  flags: TFlag[];
  heatmap: THeatmap;
  metrics: TMetric[];
  score: number;
  tier: TScoreTier;
  breakdown: ScoreBreakdown;
  /** What could not be judged (no face, no words, an unreliable transcript). */
  judgement: TJudgement;
};

/**
 * Fuses the transcript, the visual timeline and the audio features into raw
 * events, flags, a heatmap, rated metrics, a 0–100 coherence score and its tier.
 * Pure: no I/O, no provider.
 */
export function fuse(input: FuseInput): FuseResult {
  const thresholds = resolveThresholds(input.thresholds);
  const bands = { ...DEFAULT_METRIC_BANDS, ...input.bands };
  const rules = { ...DEFAULT_FRAME_RULES, ...input.frameRules };
  // The signal helpers binary-search by time, so put everything in time order once.
  const byT = <T extends { t: number }>(xs: T[]) => [...xs].sort((a, b) => a.t - b.t);
  const visual = input.visual
    ? {
        ...input.visual,
        frames: byT(input.visual.frames),
        motion: [...input.visual.motion].sort((a, b) => a.start - b.start),
      }
    : null;
  const audio = input.audio ? { ...input.audio, windows: byT(input.audio.windows) } : null;
  const verbal = extractVerbal(input.transcript, audio);
  const rawEvents = detectAll({
    verbal,
    visual,
    audio,
    speechProvider: input.transcript.provider,
    rules,
    durationSeconds: input.durationSeconds,
  });
  const metrics = computeMetrics({ verbal, visual, audio, bands, rules });
  return {
    rawEvents,
    ...scoreEvents({
      rawEvents,
      metrics,
      durationSeconds: input.durationSeconds,
      thresholds,
      heatmapBinSeconds: input.heatmapBinSeconds,
      tierBounds: input.tierBounds,
    }),
  };
}

export type RescoreInput = FusionOptions & {
  /** The stored raw events of the analysis. */
  rawEvents: TRawEvent[];
  /** The stored metrics; their bands and ratings are recomputed from `bands`. */
  metrics: TMetric[];
  durationSeconds: number;
};

/**
 * Recomputes flags, heatmap, metric ratings, score and tier from stored raw
 * events with new thresholds or bands. Calls no provider.
 */
export function rescore(input: RescoreInput): Omit<FuseResult, "rawEvents"> {
  const bands = { ...DEFAULT_METRIC_BANDS, ...input.bands };
  return scoreEvents({
    rawEvents: input.rawEvents,
    metrics: input.metrics.map((m) => rateMetric(m, bands)),
    durationSeconds: input.durationSeconds,
    thresholds: resolveThresholds(input.thresholds),
    heatmapBinSeconds: input.heatmapBinSeconds,
    tierBounds: input.tierBounds,
  });
}

function scoreEvents(opts: {
  rawEvents: TRawEvent[];
  metrics: TMetric[];
  durationSeconds: number;
  thresholds: Thresholds;
  heatmapBinSeconds?: number;
  tierBounds?: TTierBounds;
}): Omit<FuseResult, "rawEvents"> {
  const flags = clampFlagsToDuration(eventsToFlags(opts.rawEvents, opts.thresholds), opts.durationSeconds);
  const heatmap = buildHeatmap(flags, opts.durationSeconds, opts.heatmapBinSeconds ?? HEATMAP_BIN_SECONDS);
  const breakdown = computeScore({
    flags,
    metrics: opts.metrics,
    durationSeconds: opts.durationSeconds,
    thresholds: opts.thresholds,
    tierBounds: opts.tierBounds,
  });
  return {
    flags,
    heatmap,
    metrics: opts.metrics,
    score: breakdown.score,
    tier: breakdown.tier,
    breakdown,
    judgement: breakdown.judgement,
  };
}

/** The first `maxChars` of the transcript, cut at a word, for the coaching provider. */
export function transcriptExcerpt(transcript: TTranscript, maxChars = 2000): string {
  const text = transcript.text.trim();
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), 1))}…`;
}
