import type { Config, Database, Logger } from "@coherence/core";
import {
  createDbResponseCache,
  createDbTranscriptMemo,
  createMemoryResponseCache,
  createMemoryTranscriptMemo,
  withCoachingResponseCache,
  withTranscriptionMemo,
  withVideoResponseCache,
} from "./cache";
import type { CloudCallOptions } from "./cloud-options";
import { createGeminiCoachingProvider } from "./coaching/gemini";
import { DEFAULT_RETRY_POLICY } from "./http-retry";
import { createDeepgramSpeechProvider } from "./speech/deepgram";
import type { CoachingSynthesisProvider, SpeechTranscriptionProvider, VideoAnalysisProvider } from "./types";
import { type UsageContext, withCoachingUsage, withSpeechUsage, withVideoUsage } from "./usage-recorder";
import { createTwelveLabsVideoProvider, PEGASUS_DELIVERY_SCHEMA, PEGASUS_PROMPT } from "./vision/twelvelabs";
import { PEGASUS_MODEL } from "./vision/twelvelabs-index";
import { createDbTwelveLabsStore } from "./vision/twelvelabs-store";

type CloudConfig = Pick<
  Config,
  | "DEEPGRAM_API_KEY"
  | "DEEPGRAM_BASE_URL"
  | "DEEPGRAM_MODEL"
  | "DEEPGRAM_LANGUAGE"
  | "TWELVELABS_API_KEY"
  | "TWELVELABS_BASE_URL"
  | "TWELVELABS_INDEX_NAME"
  | "TWELVELABS_INDEXING_TIMEOUT_MS"
  | "GEMINI_API_KEY"
  | "GEMINI_BASE_URL"
  | "GEMINI_MODEL"
  | "PROVIDER_TIMEOUT_MS"
  | "PROVIDER_MAX_ATTEMPTS"
  | "PROVIDER_CACHE_TTL_SECONDS"
>;

/** The cloud providers whose keys are set, each already wrapped in its cache. */
export type CloudProviders = {
  speech?: SpeechTranscriptionProvider;
  vision?: VideoAnalysisProvider;
  /** Needs the rule-based provider to fall back on; build it per process. */
  coaching?: (fallback: CoachingSynthesisProvider) => CoachingSynthesisProvider;
  /** Why a provider whose key is set was not built. */
  skipped?: { vision?: string };
};

/** TwelveLabs keeps its index id, the indexed files and its query set in the database. */
export const TWELVELABS_NEEDS_DATABASE =
  "TwelveLabs keeps its index and search queries in the database; set DATABASE_URL to use it here";

function callOptions(config: CloudConfig, baseUrl: string | undefined): CloudCallOptions {
  return {
    baseUrl,
    timeoutMs: config.PROVIDER_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.PROVIDER_MAX_ATTEMPTS },
  };
}

/**
 * Builds the cloud providers selected by configuration: a provider exists exactly when
 * its key is set. Build once per worker process; wrap per analysis with
 * `withAnalysisUsage` so each call is booked against its video.
 * Speech is memoised by audio hash + provider + options; vision and coaching responses
 * are cached by fingerprint for PROVIDER_CACHE_TTL_SECONDS. Without `db` the caches live in
 * memory for this process, and TwelveLabs, which needs the database, is left out (see `skipped`).
 */
export function createCloudProviders(opts: {
  config: CloudConfig;
  db?: Database;
  logger: Logger;
  /** TwelveLabs status polling delays (defaults 2 s growing to 30 s). */
  poll?: { initialDelayMs: number; maxDelayMs: number };
}): CloudProviders {
  const { config, db } = opts;
  const cache = db ? createDbResponseCache(db) : createMemoryResponseCache();
  const ttlSeconds = config.PROVIDER_CACHE_TTL_SECONDS;
  const providers: CloudProviders = {};
  if (config.DEEPGRAM_API_KEY) {
    const options = { model: config.DEEPGRAM_MODEL, language: config.DEEPGRAM_LANGUAGE };
    const deepgram = createDeepgramSpeechProvider({
      apiKey: config.DEEPGRAM_API_KEY,
      options,
      call: callOptions(config, config.DEEPGRAM_BASE_URL),
    });
    const memo = db ? createDbTranscriptMemo(db) : createMemoryTranscriptMemo();
    providers.speech = withTranscriptionMemo(deepgram, { memo, options });
  }
  if (config.TWELVELABS_API_KEY && !db) providers.skipped = { vision: TWELVELABS_NEEDS_DATABASE };
  if (config.TWELVELABS_API_KEY && db) {
    const twelvelabs = createTwelveLabsVideoProvider({
      apiKey: config.TWELVELABS_API_KEY,
      call: callOptions(config, config.TWELVELABS_BASE_URL),
      settings: {
        indexName: config.TWELVELABS_INDEX_NAME,
        indexingTimeoutMs: config.TWELVELABS_INDEXING_TIMEOUT_MS,
        pollInitialDelayMs: opts.poll?.initialDelayMs ?? 2_000,
        pollMaxDelayMs: opts.poll?.maxDelayMs ?? 30_000,
        // Pegasus's ceiling: the delivery description lists time ranges, which grow with the talk,
        // and an answer cut off at the limit is unusable. Only tokens produced are billed.
        analyzeMaxTokens: 4_096,
      },
      store: createDbTwelveLabsStore(db),
    });
    // The question and the model are part of the fingerprint: cached answers to an older schema or
    // prompt, or from another Pegasus model (before 1.2 was pinned, the service default), are not reused.
    providers.vision = withVideoResponseCache(twelvelabs, {
      cache,
      ttlSeconds,
      options: { pegasus: { model: PEGASUS_MODEL, schema: PEGASUS_DELIVERY_SCHEMA, prompt: PEGASUS_PROMPT } },
    });
  }
  const geminiKey = config.GEMINI_API_KEY;
  if (geminiKey) {
    providers.coaching = (fallback) =>
      withCoachingResponseCache(
        createGeminiCoachingProvider({
          apiKey: geminiKey,
          model: config.GEMINI_MODEL,
          call: callOptions(config, config.GEMINI_BASE_URL),
          fallback,
        }),
        { cache, ttlSeconds, options: { model: config.GEMINI_MODEL } },
      );
  }
  opts.logger.info(
    {
      speech: providers.speech?.name ?? "local",
      vision: providers.vision?.name ?? "local",
      coaching: geminiKey ? "gemini" : "local",
    },
    "provider selection",
  );
  return providers;
}

/** Wraps the providers one analysis uses so every call is booked in provider_usage against its video. */
export function withAnalysisUsage(
  providers: {
    speech: SpeechTranscriptionProvider;
    vision: VideoAnalysisProvider;
    coaching: CoachingSynthesisProvider;
  },
  ctx: UsageContext,
): { speech: SpeechTranscriptionProvider; vision: VideoAnalysisProvider; coaching: CoachingSynthesisProvider } {
  return {
    speech: withSpeechUsage(providers.speech, ctx),
    vision: withVideoUsage(providers.vision, ctx),
    coaching: withCoachingUsage(providers.coaching, ctx),
  };
}
