import type { TVisualObservation, TVisualTimeline } from "@coherence/shared";
import type { CloudCallOptions } from "../cloud-options";
import { AIServiceError } from "../errors";
import type { VideoAnalysisProvider } from "../types";
import { attachUsage, type UsageItem } from "../usage";
import {
  type CallContext,
  connectTwelveLabs,
  PROVIDER,
  type TwelveLabsConnection,
  type TwelveLabsSettings,
} from "./twelvelabs-client";
import { ensurePegasusIndex } from "./twelvelabs-index";
import { describeDelivery, type PegasusDelivery } from "./twelvelabs-pegasus";
import { SAMPLE_SOURCE, synthesizeSamples } from "./twelvelabs-samples";
import { searchAll } from "./twelvelabs-search";
import type { TwelveLabsStore } from "./twelvelabs-store";
import { indexApi, uploadAndIndex } from "./twelvelabs-upload";

export type { TwelveLabsSettings } from "./twelvelabs-client";
export { PEGASUS_DELIVERY_SCHEMA, PEGASUS_PROMPT } from "./twelvelabs-pegasus";

/** Pegasus accepts videos from 4 s to 1 h. */
export const TWELVELABS_MIN_SECONDS = 4;
export const TWELVELABS_MAX_SECONDS = 3600;

type AnalyzeArgs = CallContext & {
  videoPath: string;
  durationSeconds: number;
  fps: number;
  onProgress?: (f: number) => void;
};

function assertAcceptedDuration(durationSeconds: number): void {
  if (durationSeconds < TWELVELABS_MIN_SECONDS || durationSeconds > TWELVELABS_MAX_SECONDS) {
    throw new AIServiceError({
      provider: PROVIDER,
      operation: "analyze",
      kind: "bad_request",
      detail: `duration ${durationSeconds} s outside ${TWELVELABS_MIN_SECONDS}–${TWELVELABS_MAX_SECONDS} s`,
    });
  }
}

/** Makes sure the Pegasus index exists and holds this video; indexing is billed only when it ran. */
async function indexVideo(
  tl: TwelveLabsConnection,
  args: AnalyzeArgs,
): Promise<{ indexId: string; videoId: string; usage: UsageItem[] }> {
  const started = Date.now();
  const indexId = await ensurePegasusIndex({
    api: indexApi(tl, args),
    store: tl.store,
    endpoint: tl.endpoint,
    indexName: tl.settings.indexName,
    logger: args.logger,
  });
  const { videoId, reused } = await uploadAndIndex(tl, { ...args, indexId });
  const usage: UsageItem[] = reused
    ? []
    : [
        {
          operation: "index",
          units: args.durationSeconds / 60,
          unitKind: "video_minute",
          latencyMs: Date.now() - started,
        },
      ];
  return { indexId, videoId, usage };
}

/** Runs the stored query set against the indexed video; one search request per query. */
async function searchVideo(
  tl: TwelveLabsConnection,
  args: AnalyzeArgs & { indexId: string; videoId: string },
): Promise<{ observations: TVisualObservation[]; usage: UsageItem }> {
  const queries = await tl.store.loadQueries();
  const started = Date.now();
  const observations = await searchAll(tl, { ...args, queries });
  const usage: UsageItem = {
    operation: "search",
    units: queries.length,
    unitKind: "search_request",
    latencyMs: Date.now() - started,
  };
  return { observations, usage };
}

/**
 * The timeline fusion reads: Pegasus's delivery description as coarse synthetic frames and
 * motion windows (marked as an estimate), and every observation. Search hits stay observations
 * and do not feed the samples: search always returns its best-ranked clips, even for a talk
 * without the behaviour, so they cannot say how often it happens.
 */
function buildTimeline(args: {
  logger: CallContext["logger"];
  videoId: string;
  durationSeconds: number;
  searchObservations: TVisualObservation[];
  delivery: PegasusDelivery;
}): TVisualTimeline {
  const { logger, videoId, delivery } = args;
  const warnings = [...delivery.warnings];
  const samples = synthesizeSamples({
    description: delivery.description,
    durationSeconds: args.durationSeconds,
    warnings,
  });
  if (warnings.length > 0) logger.warn({ videoId, warnings }, "pegasus delivery description incomplete");
  logger.info(
    {
      videoId,
      search: args.searchObservations.length,
      pegasus: delivery.observations.length,
      estimatedMetrics: samples.metrics,
    },
    "twelvelabs analysis done",
  );
  return {
    provider: PROVIDER,
    fps: samples.fps,
    frames: samples.frames,
    motion: samples.motion,
    observations: [...args.searchObservations, ...delivery.observations],
    estimate: { source: SAMPLE_SOURCE, metrics: samples.metrics, warnings },
  };
}

/** One analysis: index (or reuse) the video, search it, ask Pegasus, and build the timeline. */
async function analyzeWithTwelveLabs(tl: TwelveLabsConnection, input: AnalyzeArgs): Promise<TVisualTimeline> {
  assertAcceptedDuration(input.durationSeconds);
  const args = { ...input, logger: input.logger.child({ provider: PROVIDER }) };
  const indexed = await indexVideo(tl, args);
  const search = await searchVideo(tl, { ...args, indexId: indexed.indexId, videoId: indexed.videoId });
  args.onProgress?.(0.85);
  const delivery = await describeDelivery(tl, { ...args, videoId: indexed.videoId });
  args.onProgress?.(1);
  const timeline = buildTimeline({
    logger: args.logger,
    videoId: indexed.videoId,
    durationSeconds: args.durationSeconds,
    searchObservations: search.observations,
    delivery,
  });
  return attachUsage(timeline, [...indexed.usage, search.usage, ...delivery.usage]);
}

/**
 * TwelveLabs as a VideoAnalysisProvider: keeps one Marengo 3.0 + Pegasus 1.2 index (created on first use,
 * its id stored), uploads the video as an asset, indexes it, polls with backoff and an
 * overall timeout, runs the per-dissonance-type search query set (ranks mapped to
 * confidences by each query's configuration) and a Pegasus analysis with a JSON schema.
 * Both become `observations`; Pegasus's delivery description also becomes coarse synthetic
 * frames and motion windows (marked with their source, listed in `estimate`), so fusion
 * computes the same visual metrics as from a face tracker without knowing the difference.
 * A file indexed once is not uploaded again (by content hash), so a retried job is cheap.
 */
export function createTwelveLabsVideoProvider(opts: {
  apiKey: string | undefined;
  call: CloudCallOptions;
  settings: TwelveLabsSettings;
  store: TwelveLabsStore;
}): VideoAnalysisProvider {
  const tl = connectTwelveLabs(opts);
  return { name: PROVIDER, analyze: (args) => analyzeWithTwelveLabs(tl, args) };
}
