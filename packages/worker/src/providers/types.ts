import type { Logger } from "@coherence/core";
import type { TCoachingReport, TFlag, TJudgement, TMetric, TTranscript, TVisualTimeline } from "@coherence/shared";

/** Reports progress of a long provider call as a fraction 0–1. */
export type ProgressFn = (fraction: number) => void;

/** Speech to text with word timings. Local: pocketsphinx, whisper.cpp. Cloud: Deepgram. */
export type SpeechTranscriptionProvider = {
  readonly name: string;
  transcribe(opts: {
    /** 16 kHz mono 16-bit PCM WAV. */
    audioPath: string;
    durationSeconds: number;
    signal: AbortSignal;
    logger: Logger;
    onProgress?: ProgressFn;
    /** The presenter's prepared script, when given: engines that can use it are guided by it. */
    script?: string;
  }): Promise<TTranscript>;
};

/** Watches the delivery. Local: @vladmandic/human on sampled frames. Cloud: TwelveLabs. */
export type VideoAnalysisProvider = {
  readonly name: string;
  analyze(opts: {
    videoPath: string;
    durationSeconds: number;
    /** Frames per second to sample (local providers). */
    fps: number;
    signal: AbortSignal;
    logger: Logger;
    onProgress?: ProgressFn;
  }): Promise<TVisualTimeline>;
};

/** What the coaching provider is given: everything it says must trace back to these. */
export type CoachingInput = {
  durationSeconds: number;
  score: number;
  tier: string;
  metrics: TMetric[];
  flags: TFlag[];
  transcriptExcerpt: string;
  /** What could not be judged: the report must say so, and give no tier when it is withheld. */
  judgement?: TJudgement;
};

/** Writes the coaching report. Local: rule-based. Cloud: Gemini. */
export type CoachingSynthesisProvider = {
  readonly name: string;
  generate(opts: { input: CoachingInput; signal: AbortSignal; logger: Logger }): Promise<TCoachingReport>;
};
