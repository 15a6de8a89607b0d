import { AppError } from "@coherence/shared";
import { z } from "zod";

const ZInstant = z.iso.datetime({ offset: true });

/** A reporting period; `to` defaults to now and `from` to 30 days before `to`. */
export const ZGetCostsByProviderInput = z.object({ from: ZInstant.optional(), to: ZInstant.optional() });
export const ZGetCostsByAnalysisInput = ZGetCostsByProviderInput.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** Resolves the defaults of a period and checks its order. */
export function resolvePeriod(input: { from?: string; to?: string }): { from: Date; to: Date } {
  const to = input.to ? new Date(input.to) : new Date();
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - 30 * 86_400_000);
  if (from >= to) throw new AppError("VALIDATION_FAILED", "The period's `from` must be before its `to`.");
  return { from, to };
}

const ZPeriodOut = z.object({ from: z.string(), to: z.string() });

export const ZGetCostsByProviderOutput = ZPeriodOut.extend({
  totalUsd: z.number(),
  providers: z.array(
    z.object({
      provider: z.string(),
      costUsd: z.number(),
      calls: z.number().int(),
      cachedCalls: z.number().int(),
      failedCalls: z.number().int(),
      units: z.array(z.object({ unitKind: z.string(), units: z.number() })),
    }),
  ),
});

export const ZGetCostsByAnalysisOutput = ZPeriodOut.extend({
  analyses: z.array(
    z.object({
      videoId: z.string(),
      analysisId: z.string().nullable(),
      costUsd: z.number(),
      calls: z.number().int(),
      cachedCalls: z.number().int(),
      providers: z.array(z.object({ provider: z.string(), costUsd: z.number() })),
    }),
  ),
});
