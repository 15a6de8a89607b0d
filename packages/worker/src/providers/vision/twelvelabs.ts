import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import type { Logger } from "@coherence/core";
import { DISSONANCE_TYPES, type TVisualObservation, type TVisualTimeline } from "@coherence/shared";
import { TwelvelabsApiClient } from "twelvelabs-js";
import { z } from "zod";
import type { CloudCallOptions } from "../cloud-options";
import { AIServiceError, ProviderConfigError } from "../errors";
import { pollWithBackoff, withRetries, withTimeout } from "../http-retry";
import type { VideoAnalysisProvider } from "../types";
import { attachUsage, type UsageItem } from "../usage";
import { DELIVERY_DESCRIPTION_SCHEMA, type DeliveryDescription, parseDeliveryDescription } from "./twelvelabs-delivery";
import { ensurePegasusIndex, INDEX_MODELS, PEGASUS_MODEL, type TwelveLabsIndexApi } from "./twelvelabs-index";
import { searchHitsToObservations, type TwelveLabsQuery } from "./twelvelabs-queries";
import { SAMPLE_SOURCE, synthesizeSamples } from "./twelvelabs-samples";
import type { TwelveLabsStore } from "./twelvelabs-store";

const PROVIDER = "twelvelabs";

/** Pegasus accepts videos from 4 s to 1 h. */
export const TWELVELABS_MIN_SECONDS = 4;
export const TWELVELABS_MAX_SECONDS = 3600;

/**
 * The structured delivery description asked of Pegasus. Pegasus rejects minLength,
 * maxLength, additionalProperties, maxItems and uniqueItems, so none appear here;
 * bounds are enforced by zod after the answer arrives.
 */
export const PEGASUS_DELIVERY_SCHEMA = {
  type: "object",
  properties: {
    overall: { type: "string", description: "Two sentences on the presenter's delivery." },
    moments: {
      type: "array",
      description: "Moments where body language, face or voice contradict what is being said.",
      items: {
        type: "object",
        properties: {
          type: { type: "string", enum: [...DISSONANCE_TYPES] },
          start: { type: "number", description: "Start, seconds from the beginning." },
          end: { type: "number", description: "End, seconds from the beginning." },
          confidence: { type: "number", description: "0 to 1." },
          description: { type: "string", description: "What was seen and heard, specifically." },
        },
        required: ["type", "start", "end", "confidence", "description"],
      },
    },
    delivery: DELIVERY_DESCRIPTION_SCHEMA,
  },
  required: ["overall", "moments", "delivery"],
} as const;

const ZPegasusDelivery = z.object({
  overall: z.string(),
  moments: z.array(
    z.object({
      type: z.enum(DISSONANCE_TYPES),
      start: z.number(),
      end: z.number(),
      confidence: z.number(),
      description: z.string(),
    }),
  ),
});

export const PEGASUS_PROMPT = [
  "You are reviewing a recorded presentation for a presentation coach.",
  "List the moments where the presenter's body language, facial expression, gaze or voice contradict",
  "what they are saying (for example smiling while giving bad news, looking away while stating a key fact,",
  "fidgeting while claiming confidence, pointing at nothing while saying 'look at this').",
  "Use the given type names. Give times in seconds. Only list what you can see or hear.",
  "Then describe the delivery as a face and body tracker would measure it: the share of time spent looking into",
  "the camera and fidgeting, the face's emotions with their shares, and every time range of looking away,",
  "face too close or too far, face hidden, fidgeting and gesturing. Use empty lists when something never happens.",
].join(" ");

export type TwelveLabsSettings = {
  indexName: string;
  /** Overall limit for upload processing and indexing. */
  indexingTimeoutMs: number;
  /** First poll delay; grows to pollMaxDelayMs. */
  pollInitialDelayMs: number;
  pollMaxDelayMs: number;
  analyzeMaxTokens: number;
};

async function sha256File(path: string, signal: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return hash.digest("hex");
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
  if (!opts.apiKey?.trim())
    throw new ProviderConfigError("TWELVELABS_API_KEY", "is required to use TwelveLabs for video");
  const client = new TwelvelabsApiClient({
    apiKey: opts.apiKey.trim(),
    ...(opts.call.baseUrl ? { baseUrl: opts.call.baseUrl } : {}),
  });
  const endpoint = opts.call.baseUrl ?? "default";

  function call<T>(
    operation: string,
    ctx: { signal: AbortSignal; logger: Logger },
    run: (requestOptions: { abortSignal: AbortSignal; maxRetries: 0; timeoutInSeconds: number }) => Promise<T>,
  ): Promise<T> {
    return withRetries({
      operation,
      policy: opts.call.retry,
      signal: ctx.signal,
      logger: ctx.logger,
      attempt: () =>
        withTimeout({
          provider: PROVIDER,
          operation,
          timeoutMs: opts.call.timeoutMs,
          signal: ctx.signal,
          run: async (signal) =>
            rejectNonJson(
              operation,
              await run({
                abortSignal: signal,
                maxRetries: 0,
                timeoutInSeconds: Math.ceil(opts.call.timeoutMs / 1000) + 5,
              }),
            ),
        }),
    });
  }

  // twelvelabs-js (1.3.1, and 1.3.4 alike) hands a 2xx body that is not JSON to its (all-optional,
  // passthrough) response parser as `{ ok: false, error: { reason: "non-json" } }`
  // instead of throwing; without this check a garbled search answer would read as "no matches".
  function rejectNonJson<T>(operation: string, value: T): T {
    const v = value as { ok?: unknown; error?: { reason?: unknown } } | undefined;
    if (v && typeof v === "object" && v.ok === false && typeof v.error?.reason === "string") {
      throw new AIServiceError({
        provider: PROVIDER,
        operation,
        kind: "malformed_response",
        detail: `${operation}: response body is not JSON (${v.error.reason})`,
      });
    }
    return value;
  }

  function requireId(value: string | undefined, operation: string): string {
    if (!value) {
      throw new AIServiceError({
        provider: PROVIDER,
        operation,
        kind: "malformed_response",
        detail: `${operation}: no id in response`,
      });
    }
    return value;
  }

  /** The index calls, bound to one analysis's signal and logger. */
  function indexApi(ctx: { signal: AbortSignal; logger: Logger }): TwelveLabsIndexApi {
    return {
      create: async (indexName) => {
        const created = await call("create-index", ctx, (ro) =>
          client.indexes.create({ indexName, models: INDEX_MODELS }, ro),
        );
        return requireId(created.id, "create-index");
      },
      models: async (indexId) => {
        try {
          const index = await call("index-models", ctx, (ro) => client.indexes.retrieve(indexId, ro));
          return (index.models ?? []).flatMap((m) => (m.modelName ? [m.modelName] : []));
        } catch (error) {
          // A stored index deleted in the console is as good as one without Pegasus: replace it.
          if (error instanceof AIServiceError && error.httpStatus === 404) return [];
          throw error;
        }
      },
    };
  }

  async function uploadAndIndex(args: {
    videoPath: string;
    indexId: string;
    signal: AbortSignal;
    logger: Logger;
    onProgress?: (f: number) => void;
  }): Promise<{ assetId: string; videoId: string; reused: boolean }> {
    const fileHash = await sha256File(args.videoPath, args.signal);
    const memoKey = `twelvelabs.indexed:${indexKeyOf(args.indexId)}:${fileHash}`;
    const memo = z.object({ assetId: z.string(), videoId: z.string() }).safeParse(await opts.store.getSetting(memoKey));
    if (memo.success) return { ...memo.data, reused: true };

    const poll = {
      signal: args.signal,
      initialDelayMs: opts.settings.pollInitialDelayMs,
      maxDelayMs: opts.settings.pollMaxDelayMs,
    };
    const deadline = Date.now() + opts.settings.indexingTimeoutMs;
    const remaining = () => Math.max(1, deadline - Date.now());

    const asset = await call("upload", args, (ro) =>
      client.assets.create(
        { method: "direct", file: createReadStream(args.videoPath), filename: basename(args.videoPath) },
        ro,
      ),
    );
    const assetId = requireId(asset.id, "upload");
    if (asset.status !== "ready") {
      await pollWithBackoff({
        provider: PROVIDER,
        operation: "asset-processing",
        ...poll,
        overallTimeoutMs: remaining(),
        check: async () => {
          const current = await call("asset-status", args, (ro) => client.assets.retrieve(assetId, ro));
          if (current.status === "failed") {
            throw new AIServiceError({
              provider: PROVIDER,
              operation: "upload",
              kind: "task_failed",
              detail: `asset ${assetId} failed processing`,
            });
          }
          return current.status === "ready" ? { done: true, value: null } : { done: false };
        },
      });
    }
    args.onProgress?.(0.2);

    const indexed = await call("index", args, (ro) =>
      client.indexes.indexedAssets.create(args.indexId, { assetId }, ro),
    );
    const videoId = requireId(indexed.id, "index");
    await pollWithBackoff({
      provider: PROVIDER,
      operation: "indexing",
      ...poll,
      overallTimeoutMs: remaining(),
      onProgress: (f) => args.onProgress?.(0.2 + 0.5 * f),
      check: async () => {
        const current = await call("index-status", args, (ro) =>
          client.indexes.indexedAssets.retrieve(args.indexId, videoId, {}, ro),
        );
        if (current.status === "failed") {
          throw new AIServiceError({
            provider: PROVIDER,
            operation: "index",
            kind: "task_failed",
            detail: `indexing of ${videoId} failed`,
          });
        }
        if (current.status === "ready") return { done: true, value: null };
        return { done: false, progress: current.status === "indexing" ? 0.5 : 0.1 };
      },
    });
    await opts.store.putSettingIfAbsent(memoKey, { assetId, videoId });
    return { assetId, videoId, reused: false };
  }

  function indexKeyOf(indexId: string): string {
    return `${endpoint}:${indexId}`;
  }

  async function searchAll(args: {
    indexId: string;
    videoId: string;
    queries: TwelveLabsQuery[];
    durationSeconds: number;
    signal: AbortSignal;
    logger: Logger;
  }): Promise<TVisualObservation[]> {
    const observations: TVisualObservation[] = [];
    for (const query of args.queries) {
      const page = await call("search", args, (ro) =>
        client.search.create(
          {
            indexId: args.indexId,
            queryText: query.queryText,
            searchOptions: query.searchOptions.length > 0 ? query.searchOptions : ["visual"],
            filter: JSON.stringify({ id: [args.videoId] }),
            pageLimit: query.maxRank,
          },
          ro,
        ),
      );
      // The index is shared: keep only clips of this video even if a filter were ignored.
      if (!Array.isArray(page.data)) {
        throw new AIServiceError({
          provider: PROVIDER,
          operation: "search",
          kind: "malformed_response",
          detail: "search: no data array",
        });
      }
      const hits = page.data.filter((h) => h.videoId === args.videoId);
      observations.push(...searchHitsToObservations({ query, hits, durationSeconds: args.durationSeconds }));
    }
    return observations;
  }

  async function describeDelivery(args: {
    videoId: string;
    durationSeconds: number;
    signal: AbortSignal;
    logger: Logger;
  }): Promise<{
    observations: TVisualObservation[];
    description: DeliveryDescription;
    warnings: string[];
    usage: UsageItem[];
  }> {
    const started = Date.now();
    const response = await call("analyze", args, (ro) =>
      client.analyze(
        {
          // Pegasus 1.2 analyses the video indexed with it (by its indexed-asset id), not an asset.
          modelName: PEGASUS_MODEL,
          videoId: args.videoId,
          prompt: PEGASUS_PROMPT,
          temperature: 0.2,
          responseFormat: {
            type: "json_schema",
            jsonSchema: PEGASUS_DELIVERY_SCHEMA as unknown as Record<string, unknown>,
          },
          maxTokens: Math.min(4096, Math.max(2, opts.settings.analyzeMaxTokens)),
        },
        ro,
      ),
    );
    const usage: UsageItem[] = [
      {
        operation: "analyze",
        units: response.usage?.inputTokens ?? 0,
        unitKind: "input_token",
        latencyMs: Date.now() - started,
      },
      { operation: "analyze", units: response.usage?.outputTokens ?? 0, unitKind: "output_token" },
    ];
    const malformed = (detail: string) =>
      new AIServiceError({
        provider: PROVIDER,
        operation: "analyze",
        kind: "malformed_response",
        detail: `analyze: ${detail}`,
      });
    if (response.finishReason === "length") throw malformed("answer cut off at maxTokens");
    let json: unknown;
    try {
      json = JSON.parse(response.data ?? "");
    } catch {
      throw malformed("data is not JSON");
    }
    const parsed = ZPegasusDelivery.safeParse(json);
    if (!parsed.success) throw malformed(`data does not match the schema: ${parsed.error.issues[0]?.message}`);
    const observations = parsed.data.moments
      .filter((m) => m.end >= m.start && m.start < args.durationSeconds + 1)
      .map((m) => ({
        type: m.type,
        start: Math.max(0, m.start),
        end: Math.min(args.durationSeconds, m.end),
        confidence: Math.min(1, Math.max(0, m.confidence)),
        description: `Pegasus: ${m.description}`,
      }));
    // The delivery description is optional to the parse: a bad field costs its metrics, not the analysis.
    const { description, warnings } = parseDeliveryDescription(
      (json as { delivery?: unknown }).delivery,
      args.durationSeconds,
    );
    return { observations, description, warnings, usage };
  }

  async function analyze(args: {
    videoPath: string;
    durationSeconds: number;
    fps: number;
    signal: AbortSignal;
    logger: Logger;
    onProgress?: (f: number) => void;
  }): Promise<TVisualTimeline> {
    if (args.durationSeconds < TWELVELABS_MIN_SECONDS || args.durationSeconds > TWELVELABS_MAX_SECONDS) {
      throw new AIServiceError({
        provider: PROVIDER,
        operation: "analyze",
        kind: "bad_request",
        detail: `duration ${args.durationSeconds} s outside ${TWELVELABS_MIN_SECONDS}–${TWELVELABS_MAX_SECONDS} s`,
      });
    }
    const logger = args.logger.child({ provider: PROVIDER });
    const ctx = { ...args, logger };
    const indexStarted = Date.now();
    const indexId = await ensurePegasusIndex({
      api: indexApi(ctx),
      store: opts.store,
      endpoint,
      indexName: opts.settings.indexName,
      logger,
    });
    const { videoId, reused } = await uploadAndIndex({ ...ctx, indexId });
    const usage: UsageItem[] = reused
      ? []
      : [
          {
            operation: "index",
            units: args.durationSeconds / 60,
            unitKind: "video_minute",
            latencyMs: Date.now() - indexStarted,
          },
        ];

    const queries = await opts.store.loadQueries();
    const searchStarted = Date.now();
    const searchObservations = await searchAll({
      ...ctx,
      indexId,
      videoId,
      queries,
      durationSeconds: args.durationSeconds,
    });
    usage.push({
      operation: "search",
      units: queries.length,
      unitKind: "search_request",
      latencyMs: Date.now() - searchStarted,
    });
    args.onProgress?.(0.85);

    const delivery = await describeDelivery({ ...ctx, videoId, durationSeconds: args.durationSeconds });
    usage.push(...delivery.usage);
    args.onProgress?.(1);
    // Search hits stay observations and do not feed the samples: search always returns its
    // best-ranked clips, even for a talk without the behaviour, so they cannot say how often it happens.
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
        search: searchObservations.length,
        pegasus: delivery.observations.length,
        estimatedMetrics: samples.metrics,
      },
      "twelvelabs analysis done",
    );
    const timeline: TVisualTimeline = {
      provider: PROVIDER,
      fps: samples.fps,
      frames: samples.frames,
      motion: samples.motion,
      observations: [...searchObservations, ...delivery.observations],
      estimate: { source: SAMPLE_SOURCE, metrics: samples.metrics, warnings },
    };
    return attachUsage(timeline, usage);
  }

  return { name: PROVIDER, analyze };
}
