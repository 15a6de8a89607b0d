import type { Database } from "@coherence/core";
import { AppError, type TVideoResults } from "@coherence/shared";
import type { VideoRow } from "./video-record";

/**
 * Assembles a complete video's results from its analysis (its own, or the one it
 * reuses), metrics and flags.
 */
export async function loadResults(opts: { db: Database; video: VideoRow }): Promise<TVideoResults> {
  const { db, video } = opts;
  if (video.status !== "complete") {
    throw new AppError(
      "NOT_FOUND",
      `Results are not ready: this video is ${video.status === "error" ? "in error (see its status)" : video.status}. Poll its status until it is complete.`,
    );
  }
  const analysis = await db
    .selectFrom("analyses")
    // Not selectAll: raw events, the visual timeline and audio features are large and
    // only the worker reads them (re-scoring); results never show them.
    .select([
      "id",
      "thresholdsVersion",
      "createdAt",
      "coherenceScore",
      "scoreTier",
      "durationSeconds",
      "heatmap",
      "report",
      "transcript",
    ])
    .where((eb) => (video.analysisId ? eb("id", "=", video.analysisId) : eb("videoId", "=", video.id)))
    .executeTakeFirst();
  if (!analysis)
    throw new AppError("NOT_FOUND", "This video has no analysis yet. Poll its status until it is complete.");
  const [metrics, flags] = await Promise.all([
    db.selectFrom("analysisMetrics").selectAll().where("analysisId", "=", analysis.id).orderBy("name").execute(),
    db
      .selectFrom("dissonanceFlags")
      .selectAll()
      .where("analysisId", "=", analysis.id)
      .orderBy("startSeconds")
      .orderBy("id")
      .execute(),
  ]);
  const candidate = {
    videoId: video.id,
    analysisId: analysis.id,
    thresholdsVersion: analysis.thresholdsVersion,
    createdAt: analysis.createdAt.toISOString(),
    coherenceScore: analysis.coherenceScore,
    scoreTier: analysis.scoreTier,
    durationSeconds: analysis.durationSeconds ?? video.durationSeconds ?? 0,
    heatmap: analysis.heatmap,
    report: analysis.report,
    transcript: analysis.transcript,
    metrics: metrics.map((m) => {
      const details = (m.details ?? undefined) as Record<string, unknown> | undefined;
      const band = m.bandLow !== null || m.bandHigh !== null ? { low: m.bandLow, high: m.bandHigh } : details?.band;
      return {
        name: m.name,
        value: m.value,
        unit: m.unit,
        ...(band ? { band } : {}),
        ...((m.rating ?? details?.rating) ? { rating: m.rating ?? details?.rating } : {}),
        ...(details ? { details } : {}),
      };
    }),
    flags: flags.map((f) => ({
      type: f.type,
      start: f.startSeconds,
      end: f.endSeconds,
      severity: f.severity,
      confidence: f.confidence,
      evidence: f.evidence,
      tip: f.tip,
    })),
  };
  // Not validated here: the procedure's `.output(ZVideoResults)` checks it once (a stored analysis
  // that does not match is a server fault, answered INTERNAL and logged with the zod issues).
  return candidate as TVideoResults;
}
