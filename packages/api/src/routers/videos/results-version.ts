import type { Database, VideoRow } from "@coherence/core";
import { sql } from "kysely";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a video's results depend on, in one small query: the analysis shown (its own or
 * the one it reuses) and when it last changed (a re-score sets `updated_at`), and the
 * video row itself (returned too, so the procedure need not read it again). Null when
 * there are no results to show (not the user's, not complete): the procedure then gives
 * the error. Used for the ETag and the response cache.
 */
export async function readResultsVersion(
  db: Database,
  opts: { userId: string; videoId: string },
): Promise<{ version: string; video: VideoRow } | null> {
  if (!UUID.test(opts.videoId)) return null;
  const row = await db
    .selectFrom("videos as v")
    .leftJoin("analyses as a", (join) =>
      join.on(sql<boolean>`a.id = v.analysis_id or (v.analysis_id is null and a.video_id = v.id)`),
    )
    .where("v.id", "=", opts.videoId)
    .where("v.userId", "=", opts.userId)
    .selectAll("v")
    .select(["a.id as shownAnalysisId", "a.updatedAt as shownAnalysisUpdatedAt"])
    .executeTakeFirst();
  if (row?.status !== "complete" || !row.shownAnalysisId || !row.shownAnalysisUpdatedAt) return null;
  const { shownAnalysisId, shownAnalysisUpdatedAt, ...video } = row;
  return { version: `${shownAnalysisId}:${shownAnalysisUpdatedAt.getTime()}:${video.updatedAt.getTime()}`, video };
}
