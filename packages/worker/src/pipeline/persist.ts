import { createAnalysisRepository, createVideoRepository, type Database, type NewAnalysis } from "@coherence/core";
import type { MediaAnalysis } from "./analyze-media";

/** The analysis row of a pipeline result. */
function analysisRow(
  result: MediaAnalysis,
  meta: { thresholdsVersion?: string; providers?: Record<string, string> },
): NewAnalysis {
  return {
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
  };
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
    const id = await createAnalysisRepository(trx).replaceForVideo({
      videoId,
      analysis: analysisRow(result, meta),
      metrics: result.metrics.map((m) => ({
        name: m.name,
        value: m.value,
        unit: m.unit,
        details: m.details ? JSON.stringify(m.details) : null,
        bandLow: m.band?.low ?? null,
        bandHigh: m.band?.high ?? null,
        rating: m.rating ?? null,
      })),
      flags: result.flags,
    });
    await createVideoRepository(trx).complete({ videoId, durationSeconds: result.durationSeconds });
    return id;
  });
}
