import type { Database } from "@coherence/core";
import { ALL_METRIC_NAMES, pickTalkMetrics, round, type TalkMetricKey } from "./talk-metrics";

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
 * Loads a user's analysed talks, oldest first, optionally since a date. Three
 * queries whatever the number of talks (talks, their flag counts, their metrics).
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
    ])
    .orderBy("v.createdAt", "asc")
    .orderBy("v.id", "asc");
  if (opts.since) query = query.where("v.createdAt", ">=", opts.since);
  const talks = await query.execute();
  if (talks.length === 0) return [];
  const ids = talks.map((t) => t.analysisId);

  const [flagCounts, metrics] = await Promise.all([
    db
      .selectFrom("dissonanceFlags")
      .where("analysisId", "in", ids)
      .groupBy("analysisId")
      .select(["analysisId", (eb) => eb.fn.countAll<number>().as("count")])
      .execute(),
    db
      .selectFrom("analysisMetrics")
      .where("analysisId", "in", ids)
      .where("name", "in", ALL_METRIC_NAMES)
      .select(["analysisId", "name", "value", "unit"])
      .execute(),
  ]);
  const countBy = new Map(flagCounts.map((f) => [f.analysisId, Number(f.count)]));
  const metricsBy = new Map<string, typeof metrics>();
  for (const m of metrics) metricsBy.set(m.analysisId, [...(metricsBy.get(m.analysisId) ?? []), m]);

  return talks.map((t) => {
    const duration = t.durationSeconds ?? 0;
    const flagCount = countBy.get(t.analysisId) ?? 0;
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
      ...pickTalkMetrics(metricsBy.get(t.analysisId) ?? []),
    };
  });
}
