import type { Database, DB } from "@coherence/core";
import { AppError, type TVideo } from "@coherence/shared";
import type { Selectable } from "kysely";

export type VideoRow = Selectable<DB["videos"]>;

/** The public shape of a video row. */
export function toVideoDto(
  row: VideoRow,
  score: { coherenceScore: number | null; scoreTier: string | null } = { coherenceScore: null, scoreTier: null },
): TVideo {
  return {
    id: row.id,
    title: row.title,
    originalFilename: row.originalFilename,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    durationSeconds: row.durationSeconds,
    status: row.status as TVideo["status"],
    stage: row.stage,
    progress: row.progress,
    error: row.errorCode
      ? { code: row.errorCode, message: row.errorMessage ?? "", retryable: row.errorRetryable ?? false }
      : null,
    reusedAnalysisId: row.analysisId,
    coherenceScore: score.coherenceScore,
    scoreTier: score.scoreTier,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const VIDEO_NOT_FOUND = "Video not found. It may have been deleted, or it belongs to another account.";

/** The user's video, or NOT_FOUND (also for another user's video: its existence is not revealed). */
export async function findOwnedVideo(db: Database, opts: { userId: string; videoId: string }): Promise<VideoRow> {
  const row = await db
    .selectFrom("videos")
    .selectAll()
    .where("id", "=", opts.videoId)
    .where("userId", "=", opts.userId)
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", VIDEO_NOT_FOUND);
  return row;
}
