import type { Database, Logger } from "@coherence/core";
import { AppError, type TVideoResults, ZVideoResults } from "@coherence/shared";
import type { VideoRow } from "./video-record";

/**
 * Assembles a complete video's results from its analysis (its own, or the one it
 * reuses), metrics and flags. A stored analysis that does not match the schema
 * is a server fault: logged in detail, reported as INTERNAL.
 */
export async function loadResults(opts: { db: Database; logger: Logger; video: VideoRow }): Promise<TVideoResults> {
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
  const parsed = ZVideoResults.safeParse(candidate);
  if (!parsed.success) {
    opts.logger.error(
      { videoId: video.id, analysisId: analysis.id, issues: parsed.error.issues.slice(0, 5) },
      "stored analysis does not match the results schema",
    );
    throw new Error(`analysis ${analysis.id} does not match ZVideoResults`);
  }
  return parsed.data;
}
