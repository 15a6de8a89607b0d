import type { Database } from "@coherence/core";
import { sql } from "kysely";

/**
 * What a user's analytics depend on, in one small query: how many talks are complete and
 * in progress, and when any video or analysis of theirs last changed (an analysis completing,
 * a re-score, a deletion all change it). Used for the ETag and the response cache, so an
 * analysis completed by any worker invalidates every API process's copy on its next read.
 * The count in progress is returned too: the overview shows it.
 */
export async function readAnalyticsVersion(
  db: Database,
  opts: { userId: string },
): Promise<{ version: string; videosInProgress: number }> {
  const row = await db
    .selectFrom("videos as v")
    .leftJoin("analyses as a", "a.videoId", "v.id")
    .where("v.userId", "=", opts.userId)
    .select([
      sql<string>`count(*)`.as("total"),
      sql<string>`count(*) filter (where v.status = 'complete')`.as("complete"),
      sql<string>`count(*) filter (where v.status in ('queued', 'processing'))`.as("pending"),
      sql<Date | null>`max(v.updated_at)`.as("videosAt"),
      sql<Date | null>`max(a.updated_at)`.as("analysesAt"),
    ])
    .executeTakeFirstOrThrow();
  const at = (d: Date | null) => (d ? new Date(d).getTime() : 0);
  return {
    version: `${row.total}:${row.complete}:${row.pending}:${at(row.videosAt)}:${at(row.analysesAt)}`,
    videosInProgress: Number(row.pending),
  };
}

/**
 * The minute the progress window is counted back from. The window moves a minute at a
 * time, so an answer stays the same (and cacheable, see http/conditional) within a minute.
 */
export function progressMinute(now: Date): number {
  return Math.floor(now.getTime() / 60_000);
}
