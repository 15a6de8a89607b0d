import type { Logger } from "@coherence/core";
import type {
  TAudioFeatures,
  TFlag,
  THeatmap,
  TMetric,
  TPipelineStage,
  TRawEvent,
  TScoreTier,
  TTranscript,
  TVisualTimeline,
} from "@coherence/shared";
import type { CoachingSynthesisProvider, SpeechTranscriptionProvider, VideoAnalysisProvider } from "../providers/types";

/** What fusion returns; the pipeline persists it. */
export type FusionOutput = {
  rawEvents: TRawEvent[];
  flags: TFlag[];
  heatmap: THeatmap;
  metrics: TMetric[];
  score: number;
  tier: TScoreTier;
  /** How the score came about (per-type penalties, metric adjustments). */
  breakdown?: unknown;
};

/** Each stage's inputs come from providers or earlier stages, never from the database. */
export type PipelineDeps = {
  logger: Logger;
  speech: SpeechTranscriptionProvider;
  vision: VideoAnalysisProvider;
  coaching: CoachingSynthesisProvider;
  probe: (opts: { path: string; signal: AbortSignal }) => Promise<{ durationSeconds: number }>;
  /** Writes 16 kHz mono PCM WAV to `outPath`. */
  extractAudio: (opts: { videoPath: string; outPath: string; signal: AbortSignal }) => Promise<void>;
  audioFeatures: (opts: { wavPath: string; transcript: TTranscript; signal: AbortSignal }) => Promise<TAudioFeatures>;
  fuse: (opts: {
    transcript: TTranscript;
    visual: TVisualTimeline;
    audio: TAudioFeatures;
    durationSeconds: number;
  }) => Promise<FusionOutput> | FusionOutput;
};

/** Stored stage outputs: a retry reuses what a previous attempt finished. */
export type StageCache = {
  get<T>(stage: TPipelineStage, provider: string): Promise<T | undefined>;
  set(stage: TPipelineStage, provider: string, data: unknown): Promise<void>;
};

export const noCache: StageCache = {
  get: async () => undefined,
  set: async () => {},
};
