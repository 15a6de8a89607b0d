import { createAnalysisRepository, type Database, getMetricBands, getThresholds, getTierBounds } from "@coherence/core";
import { AppError, type TMetric, ZRawEvent } from "@coherence/shared";
import { z } from "zod";
import { rescore } from "../fusion";

/**
 * Recomputes an analysis's flags, heatmap, metric ratings and score from its
 * stored raw events with the current thresholds and bands. No provider is called.
 */
export async function rescoreAnalysis(
  db: Database,
  analysisId: string,
): Promise<{ score: number; tier: string; flags: number }> {
  const analysis = await db
    .selectFrom("analyses")
    .select(["id", "rawEvents", "durationSeconds"])
    .where("id", "=", analysisId)
    .executeTakeFirst();
  if (!analysis) throw new AppError("NOT_FOUND", "No analysis with that id.");
  const rawEvents = z.array(ZRawEvent).safeParse(analysis.rawEvents ?? []);
  if (!rawEvents.success || analysis.durationSeconds === null) {
    throw new AppError("CONFLICT", "This analysis has no stored raw events to re-score; analyse the video again.");
  }
  const rows = await db.selectFrom("analysisMetrics").selectAll().where("analysisId", "=", analysisId).execute();
  const metrics: TMetric[] = rows.map((m) => ({
    name: m.name,
    value: m.value,
    unit: m.unit,
    ...(m.details ? { details: m.details as Record<string, unknown> } : {}),
  }));
  const [thresholds, bands, tierBounds] = await Promise.all([
    getThresholds(db, { ttlMs: 0 }),
    getMetricBands(db, { ttlMs: 0 }),
    getTierBounds(db, { ttlMs: 0 }),
  ]);
  const out = rescore({
    rawEvents: rawEvents.data,
    metrics,
    durationSeconds: analysis.durationSeconds,
    thresholds,
    bands,
    tierBounds,
  });
  await createAnalysisRepository(db).applyRescore(analysisId, {
    coherenceScore: out.score,
    scoreTier: out.tier,
    heatmap: out.heatmap,
    scoreBreakdown: out.breakdown,
    thresholds,
    flags: out.flags,
    ratings: out.metrics.map((m) => ({
      name: m.name,
      bandLow: m.band?.low ?? null,
      bandHigh: m.band?.high ?? null,
      rating: m.rating ?? null,
    })),
  });
  return { score: out.score, tier: out.tier, flags: out.flags.length };
}
