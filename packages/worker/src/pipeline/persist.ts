import type { Database } from "@coherence/core";
import type { TFlag } from "@coherence/shared";
import type { MediaAnalysis } from "./analyze-media";
import { markComplete } from "./status";

/** Writes an analysis's flags (the caller removes any previous ones first). */
export async function insertFlags(trx: Database, analysisId: string, flags: TFlag[]): Promise<void> {
  if (flags.length === 0) return;
  await trx
    .insertInto("dissonanceFlags")
    .values(
      flags.map((f) => ({
        analysisId,
        type: f.type,
        startSeconds: f.start,
        endSeconds: f.end,
        severity: f.severity,
        confidence: f.confidence,
        evidence: JSON.stringify(f.evidence),
        tip: f.tip,
      })),
    )
    .execute();
}

/**
 * Writes the analysis, its metrics and flags, and marks the video complete, in
 * one transaction. Running it twice replaces the first result rather than
 * adding a second analysis.
 */
export async function persistAnalysis(
  db: Database,
  videoId: string,
  result: MediaAnalysis,
  meta: { thresholdsVersion?: string; providers?: Record<string, string> } = {},
): Promise<string> {
  return await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("analyses").where("videoId", "=", videoId).execute();
    const { id } = await trx
      .insertInto("analyses")
      .values({
        videoId,
        coherenceScore: result.coherenceScore,
        scoreTier: result.scoreTier,
        durationSeconds: result.durationSeconds,
        heatmap: JSON.stringify(result.heatmap),
        report: JSON.stringify(result.report),
        transcript: JSON.stringify(result.transcript),
        visualTimeline: JSON.stringify(result.visual),
        audioFeatures: JSON.stringify(result.audio),
        rawEvents: JSON.stringify(result.rawEvents),
        thresholdsVersion: meta.thresholdsVersion ?? null,
        providers: meta.providers ? JSON.stringify(meta.providers) : null,
        scoreBreakdown: result.breakdown === undefined ? null : JSON.stringify(result.breakdown),
        scriptAdherence: result.script ? JSON.stringify(result.script) : null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (result.metrics.length > 0) {
      await trx
        .insertInto("analysisMetrics")
        .values(
          result.metrics.map((m) => ({
            analysisId: id,
            name: m.name,
            value: m.value,
            unit: m.unit,
            details: m.details ? JSON.stringify(m.details) : null,
            bandLow: m.band?.low ?? null,
            bandHigh: m.band?.high ?? null,
            rating: m.rating ?? null,
          })),
        )
        .execute();
    }
    await insertFlags(trx, id, result.flags);
    await markComplete(trx, { videoId, durationSeconds: result.durationSeconds });
    return id;
  });
}
