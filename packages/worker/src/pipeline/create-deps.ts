import {
  type Config,
  type Database,
  getMetricBands,
  getThresholds,
  getTierBounds,
  type Logger,
  probeMedia,
} from "@coherence/core";
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

/** The engine a stage runs and why it was chosen, for the person running a command. */
export type EngineChoice = { name: string; why: string };

export type ProviderSet = {
  speech: SpeechTranscriptionProvider;
  vision: VideoAnalysisProvider;
  coaching: CoachingSynthesisProvider;
  /**
   * Every provider this process can run per stage, the defaults included: what a provider
   * experiment may pick from. Absent means only the defaults.
   */
  available?: {
    speech: SpeechTranscriptionProvider[];
    vision: VideoAnalysisProvider[];
    coaching: CoachingSynthesisProvider[];
  };
  /** Which engine each stage runs, and why. */
  engines?: { speech: EngineChoice; vision: EngineChoice; coaching: EngineChoice };
};

/**
 * The local speech engine as an experiment alternative next to a cloud default. A local
 * engine that cannot be built (whisper without a model) must not stop a process whose
 * default is the cloud, so it is left out with a warning.
 */
function localSpeechBeside(opts: { config: Config; logger: Logger }): SpeechTranscriptionProvider | undefined {
  try {
    return createSpeechProvider(opts.config);
  } catch (err) {
    opts.logger.warn({ err }, "local speech engine unavailable; experiments cannot pick it");
    return undefined;
  }
}

function choice(opts: { name: string; cloud: boolean; key: string; localOnly?: boolean; skipped?: string }) {
  const why = opts.cloud
    ? `${opts.key} is set`
    : opts.localOnly
      ? "local engines only"
      : (opts.skipped ?? `local: ${opts.key} is not set`);
  return { name: opts.name, why };
}

/**
 * The providers for this process: a cloud provider wherever its key is set,
 * the local engine otherwise (pocketsphinx or whisper, Human, rule-based). The other
 * engine of each stage stays available for provider experiments. Without `db` the cloud
 * caches live in memory (TwelveLabs, which needs the database, is then left out);
 * `localOnly` never calls a cloud service.
 * Build once per process: the local engines load their models once (on first use).
 */
export function selectProviders(opts: {
  config: Config;
  db?: Database;
  logger: Logger;
  localOnly?: boolean;
}): ProviderSet {
  const cloud = opts.localOnly ? {} : createCloudProviders({ config: opts.config, db: opts.db, logger: opts.logger });
  const ruleBased = createRuleBasedCoachingProvider();
  const localSpeech = cloud.speech ? localSpeechBeside(opts) : createSpeechProvider(opts.config);
  const human = createHumanVisionProvider({ modelsPath: opts.config.HUMAN_MODELS_PATH });
  const coaching = cloud.coaching ? cloud.coaching(ruleBased) : ruleBased;
  const speech = cloud.speech ?? localSpeech!;
  const vision = cloud.vision ?? human;
  const localOnly = opts.localOnly;
  return {
    speech,
    vision,
    coaching,
    available: {
      speech: [speech, ...(localSpeech && localSpeech !== speech ? [localSpeech] : [])],
      vision: vision === human ? [human] : [vision, human],
      coaching: coaching === ruleBased ? [ruleBased] : [coaching, ruleBased],
    },
    engines: {
      speech: choice({ name: speech.name, cloud: !!cloud.speech, key: "DEEPGRAM_API_KEY", localOnly }),
      vision: choice({
        name: vision.name,
        cloud: !!cloud.vision,
        key: "TWELVELABS_API_KEY",
        localOnly,
        skipped: cloud.skipped?.vision && `local: ${cloud.skipped.vision}`,
      }),
      coaching: choice({ name: coaching.name, cloud: !!cloud.coaching, key: "GEMINI_API_KEY", localOnly }),
    },
  };
}

/** One line naming each stage's engine and why, e.g. for a command's stderr. */
export function describeEngines(engines: NonNullable<ProviderSet["engines"]>): string {
  const stages = (["speech", "vision", "coaching"] as const).map((s) => `${s} ${engines[s].name} (${engines[s].why})`);
  return `Engines: ${stages.join("; ")}`;
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
  const tierBounds = opts.db ? await getTierBounds(opts.db) : undefined;
  const { speech, vision, coaching } = opts.providers;
  return {
    logger: opts.logger,
    speech,
    vision,
    coaching,
    probe: async ({ path, signal }) => {
      const probe = await probeMedia({ input: path, signal });
      if (!probe.durationSeconds || probe.durationSeconds <= 0) {
        throw new AppError("INVALID_MEDIA", "The video has no readable duration; it may be damaged. Upload it again.");
      }
      return { durationSeconds: probe.durationSeconds };
    },
    extractAudio: ({ videoPath, outPath, signal }) => extractAudioWav({ videoPath, outPath, signal }),
    audioFeatures: ({ wavPath, transcript, signal }) => analyzeAudioFile({ wavPath, transcript, signal }),
    fuse: (input) => fuse({ ...input, thresholds, bands, tierBounds }),
  };
}
