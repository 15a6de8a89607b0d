import { type Config, type Database, getMetricBands, getThresholds, type Logger, probeMedia } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { analyzeAudioFile } from "../audio/analyze-file";
import { fuse } from "../fusion";
import { extractAudioWav } from "../media/audio";
import { createCloudProviders } from "../providers/cloud-providers";
import { createRuleBasedCoachingProvider } from "../providers/coaching/rule-based";
import { createSpeechProvider } from "../providers/speech";
import type { CoachingSynthesisProvider, SpeechTranscriptionProvider, VideoAnalysisProvider } from "../providers/types";
import { createHumanVisionProvider } from "../providers/vision/human";
import type { PipelineDeps } from "./types";

export type ProviderSet = {
  speech: SpeechTranscriptionProvider;
  vision: VideoAnalysisProvider;
  coaching: CoachingSynthesisProvider;
};

/**
 * The providers for this process: a cloud provider wherever its key is set,
 * the local engine otherwise (pocketsphinx or whisper, Human, rule-based).
 * Build once per process: the local engines load their models once.
 */
export function selectProviders(opts: { config: Config; db?: Database; logger: Logger }): ProviderSet {
  const cloud = opts.db ? createCloudProviders({ config: opts.config, db: opts.db, logger: opts.logger }) : {};
  const ruleBased = createRuleBasedCoachingProvider();
  return {
    speech: cloud.speech ?? createSpeechProvider(opts.config),
    vision: cloud.vision ?? createHumanVisionProvider({ modelsPath: opts.config.HUMAN_MODELS_PATH }),
    coaching: cloud.coaching ? cloud.coaching(ruleBased) : ruleBased,
  };
}

/**
 * Wires the pipeline's stages to real media tools, fusion with the current
 * thresholds and metric bands (from the database when there is one), and the providers.
 */
export async function createPipelineDeps(opts: {
  providers: ProviderSet;
  logger: Logger;
  db?: Database;
}): Promise<PipelineDeps> {
  const thresholds = opts.db ? await getThresholds(opts.db) : undefined;
  const bands = opts.db ? await getMetricBands(opts.db) : undefined;
  return {
    logger: opts.logger,
    ...opts.providers,
    probe: async ({ path, signal }) => {
      const probe = await probeMedia({ input: path, signal });
      if (!probe.durationSeconds || probe.durationSeconds <= 0) {
        throw new AppError("INVALID_MEDIA", "The video has no readable duration; it may be damaged. Upload it again.");
      }
      return { durationSeconds: probe.durationSeconds };
    },
    extractAudio: ({ videoPath, outPath, signal }) => extractAudioWav({ videoPath, outPath, signal }),
    audioFeatures: ({ wavPath, transcript, signal }) => analyzeAudioFile({ wavPath, transcript, signal }),
    fuse: (input) => fuse({ ...input, thresholds, bands }),
  };
}
