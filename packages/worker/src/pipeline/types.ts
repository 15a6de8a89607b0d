import type { Logger } from "@coherence/core";
import type { TAudioFeatures, TPipelineStage, TTranscript, TVisualTimeline } from "@coherence/shared";
import type { FuseResult } from "../fusion";
import type { CoachingSynthesisProvider, SpeechTranscriptionProvider, VideoAnalysisProvider } from "../providers/types";

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
  }) => Promise<FuseResult> | FuseResult;
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
