import type { Database } from "@coherence/core";
import { sql } from "kysely";
import { ALL_METRIC_NAMES, type MetricRow, pickTalkMetrics, round, type TalkMetricKey } from "./talk-metrics";

/** One completed, analysed talk with the figures the dashboard charts. */
export type AnalysedTalk = {
  videoId: string;
  analysisId: string;
  title: string;
  recordedAt: Date;
  durationSeconds: number;
  score: number;
  tier: string;
  flagCount: number;
  flagsPerMinute: number | null;
} & Record<TalkMetricKey, number | null>;

/**
 * Loads a user's analysed talks, oldest first, optionally since a date, in one query
 * whatever the number of talks: each talk's flag count and dashboard metrics come as
 * subqueries (one round trip instead of three; the round trips, not the rows, are what
 * an analytics call costs).
 */
export async function loadAnalysedTalks(
  db: Database,
  opts: { userId: string; since?: Date | null },
): Promise<AnalysedTalk[]> {
  let query = db
    .selectFrom("videos as v")
    .innerJoin("analyses as a", "a.videoId", "v.id")
    .where("v.userId", "=", opts.userId)
    .where("v.status", "=", "complete")
    .select([
      "v.id as videoId",
      "a.id as analysisId",
      "v.title",
      "v.originalFilename",
      "v.createdAt",
      "v.durationSeconds",
      "a.coherenceScore",
      "a.scoreTier",
      sql<string>`(select count(*) from dissonance_flags f where f.analysis_id = a.id)`.as("flagCount"),
      sql<MetricRow[] | null>`(select json_agg(json_build_object('name', m.name, 'value', m.value, 'unit', m.unit))
        from analysis_metrics m where m.analysis_id = a.id and m.name = any(${ALL_METRIC_NAMES}::text[]))`.as(
        "metrics",
      ),
    ])
    .orderBy("v.createdAt", "asc")
    .orderBy("v.id", "asc");
  if (opts.since) query = query.where("v.createdAt", ">=", opts.since);
  const talks = await query.execute();
  return talks.map((t) => {
    const duration = t.durationSeconds ?? 0;
    const flagCount = Number(t.flagCount);
    return {
      videoId: t.videoId,
      analysisId: t.analysisId,
      title: t.title || t.originalFilename || "Untitled talk",
      recordedAt: t.createdAt,
      durationSeconds: duration,
      score: t.coherenceScore,
      tier: t.scoreTier,
      flagCount,
      flagsPerMinute: duration > 0 ? round(flagCount / (duration / 60), 2) : null,
      ...pickTalkMetrics(t.metrics ?? []),
    };
  });
}
