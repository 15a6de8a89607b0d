import { ANALYSIS_RESULT_COLUMNS, type Database, type VideoRow } from "@coherence/core";
import { AppError, type TJudgement, type TVideoResults } from "@coherence/shared";
import { sql } from "kysely";

type MetricRow = {
  name: string;
  value: number;
  unit: string;
  details: unknown;
  bandLow: number | null;
  bandHigh: number | null;
  rating: string | null;
};
type FlagRow = {
  type: string;
  startSeconds: number;
  endSeconds: number;
  severity: number;
  confidence: number;
  evidence: unknown;
  tip: string | null;
};

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
      ...ANALYSIS_RESULT_COLUMNS,
      // What could not be judged is stored with the score's breakdown (absent on older analyses).
      sql<TJudgement | null>`score_breakdown -> 'judgement'`.as("judgement"),
      // Metrics and flags in the same round trip (three queries cost three times the round trips).
      sql<MetricRow[]>`coalesce((select json_agg(json_build_object('name', m.name, 'value', m.value, 'unit', m.unit,
        'details', m.details, 'bandLow', m.band_low, 'bandHigh', m.band_high, 'rating', m.rating) order by m.name)
        from analysis_metrics m where m.analysis_id = analyses.id), '[]')`.as("metrics"),
      sql<FlagRow[]>`coalesce((select json_agg(json_build_object('type', f.type, 'startSeconds', f.start_seconds,
        'endSeconds', f.end_seconds, 'severity', f.severity, 'confidence', f.confidence, 'evidence', f.evidence,
        'tip', f.tip) order by f.start_seconds, f.id)
        from dissonance_flags f where f.analysis_id = analyses.id), '[]')`.as("flags"),
    ])
    .where((eb) => (video.analysisId ? eb("id", "=", video.analysisId) : eb("videoId", "=", video.id)))
    .executeTakeFirst();
  if (!analysis)
    throw new AppError("NOT_FOUND", "This video has no analysis yet. Poll its status until it is complete.");
  const { metrics, flags } = analysis;
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
    ...(analysis.judgement ? { judgement: analysis.judgement } : {}),
    ...(analysis.scriptAdherence ? { scriptAdherence: analysis.scriptAdherence } : {}),
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
