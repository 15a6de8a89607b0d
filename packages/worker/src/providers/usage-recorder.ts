import type { Database, Logger } from "@coherence/core";
import { isCached } from "./cache";
import { AIServiceError } from "./errors";
import type { CoachingSynthesisProvider, SpeechTranscriptionProvider, VideoAnalysisProvider } from "./types";
import { type UsageItem, usageOf } from "./usage";

/** USD per unit, keyed `provider.unit_kind` (e.g. `deepgram.audio_minute`). Comes from configuration. */
export type PriceTable = Record<string, number>;

/** Cost of `units` of `unitKind` from `provider`; unknown prices cost 0 (and are logged by the caller). */
export function costOf(opts: { provider: string; unitKind: string; units: number; prices: PriceTable }): number {
  const price = opts.prices[`${opts.provider}.${opts.unitKind}`] ?? 0;
  return Math.round(price * opts.units * 1e6) / 1e6;
}

/** Who the calls are for: the video being analysed and, once it exists, its analysis row. */
export type UsageContext = {
  db: Database;
  prices: PriceTable;
  videoId: string | null;
  analysisId?: string | null;
  logger?: Logger;
};

type Row = {
  provider: string;
  operation: string;
  units: number;
  unitKind: string;
  latencyMs: number;
  cached: boolean;
  succeeded: boolean;
  errorKind: string | null;
};

async function insertRows(ctx: UsageContext, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  for (const row of rows) {
    // Local engines have no prices at all; only a priced provider missing one unit kind is worth a warning.
    const priced = Object.keys(ctx.prices).some((k) => k.startsWith(`${row.provider}.`));
    if (priced && !row.cached && row.succeeded && ctx.prices[`${row.provider}.${row.unitKind}`] === undefined) {
      ctx.logger?.warn({ provider: row.provider, unitKind: row.unitKind }, "no price configured; recording cost 0");
    }
  }
  await ctx.db
    .insertInto("providerUsage")
    .values(
      rows.map((r) => ({
        ...r,
        costUsd: r.cached || !r.succeeded ? 0 : costOf({ ...r, prices: ctx.prices }),
        videoId: ctx.videoId,
        analysisId: ctx.analysisId ?? null,
      })),
    )
    .execute();
}

/**
 * Runs one provider call and books it in provider_usage: the units the provider attached
 * to its result (or `fallbackUnits` when it attached none), the latency, and whether a
 * cache answered (then cost 0). A failed call is booked with its error kind and cost 0,
 * and the error is rethrown unchanged. Recording never fails the analysis.
 */
async function recorded<T extends object>(opts: {
  ctx: UsageContext;
  provider: string;
  operation: string;
  fallbackUnits: UsageItem[];
  run: () => Promise<T>;
}): Promise<T> {
  const started = Date.now();
  let result: T;
  try {
    result = await opts.run();
  } catch (error) {
    const kind = error instanceof AIServiceError ? error.kind : "unknown";
    await insertRows(opts.ctx, [
      {
        provider: opts.provider,
        operation: opts.operation,
        units: 0,
        unitKind: opts.fallbackUnits[0]?.unitKind ?? "request",
        latencyMs: Date.now() - started,
        cached: false,
        succeeded: false,
        errorKind: kind,
      },
    ]).catch((e) => opts.ctx.logger?.error({ err: e }, "could not record provider usage"));
    throw error;
  }
  const latencyMs = Date.now() - started;
  const cached = isCached(result);
  const items = (!cached && usageOf(result)) || opts.fallbackUnits;
  await insertRows(
    opts.ctx,
    items.map((item, i) => ({
      provider: opts.provider,
      operation: item.operation,
      units: item.units,
      unitKind: item.unitKind,
      latencyMs: item.latencyMs ?? (i === 0 ? latencyMs : 0),
      cached,
      succeeded: true,
      errorKind: null,
    })),
  ).catch((e) => opts.ctx.logger?.error({ err: e }, "could not record provider usage"));
  return result;
}

/** Wraps a speech provider so every call is booked (audio minutes). */
export function withSpeechUsage(provider: SpeechTranscriptionProvider, ctx: UsageContext): SpeechTranscriptionProvider {
  return {
    name: provider.name,
    transcribe: (args) =>
      recorded({
        ctx,
        provider: provider.name,
        operation: "transcribe",
        fallbackUnits: [{ operation: "transcribe", units: args.durationSeconds / 60, unitKind: "audio_minute" }],
        run: () => provider.transcribe(args),
      }),
  };
}

/** Wraps a video provider so every call is booked (video minutes, searches, tokens). */
export function withVideoUsage(provider: VideoAnalysisProvider, ctx: UsageContext): VideoAnalysisProvider {
  return {
    name: provider.name,
    analyze: (args) =>
      recorded({
        ctx,
        provider: provider.name,
        operation: "analyze",
        fallbackUnits: [{ operation: "analyze", units: args.durationSeconds / 60, unitKind: "video_minute" }],
        run: () => provider.analyze(args),
      }),
  };
}

/**
 * Wraps a coaching provider so every call is booked (tokens). When the report came from
 * the fallback, the usage rows still carry the cloud provider's name and tokens spent.
 */
export function withCoachingUsage(provider: CoachingSynthesisProvider, ctx: UsageContext): CoachingSynthesisProvider {
  return {
    name: provider.name,
    generate: (args) =>
      recorded({
        ctx,
        provider: provider.name,
        operation: "generate",
        fallbackUnits: [{ operation: "generate", units: 1, unitKind: "request" }],
        run: () => provider.generate(args),
      }),
  };
}

/** Attaches a video's usage rows to its analysis once the analysis row exists. */
export async function linkUsageToAnalysis(opts: {
  db: Database;
  videoId: string;
  analysisId: string;
}): Promise<number> {
  const result = await opts.db
    .updateTable("providerUsage")
    .set({ analysisId: opts.analysisId })
    .where("videoId", "=", opts.videoId)
    .where("analysisId", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
