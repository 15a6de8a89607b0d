import { AppError, MAX_TITLE_LENGTH, type TVideo } from "@coherence/shared";
import type { Selectable } from "kysely";
import type { Database } from "../db/kysely";
import type { DB } from "../db/types";

export type VideoRow = Selectable<DB["videos"]>;

/** A video's score and tier: those of its own analysis, or of the one it reuses (nulls before). */
export type VideoScore = { coherenceScore: number | null; scoreTier: string | null };

export const NO_SCORE: VideoScore = { coherenceScore: null, scoreTier: null };

/** The public shape of a video row. */
export function toVideoDto(row: VideoRow, score: VideoScore = NO_SCORE): TVideo {
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

/** The score of the video's own analysis, or of the analysis it reuses for identical content. */
export async function findVideoScore(db: Database, row: Pick<VideoRow, "id" | "analysisId">): Promise<VideoScore> {
  const found = await db
    .selectFrom("analyses")
    .select(["coherenceScore", "scoreTier"])
    .where((eb) =>
      row.analysisId ? eb.or([eb("videoId", "=", row.id), eb("id", "=", row.analysisId)]) : eb("videoId", "=", row.id),
    )
    .limit(1)
    .executeTakeFirst();
  return found ? { coherenceScore: found.coherenceScore, scoreTier: found.scoreTier } : NO_SCORE;
}

/** Builds a title from the file name when the user gave none. */
export function titleFrom(opts: { title?: string; filename: string }): string {
  const given = opts.title?.trim();
  if (given) return given.slice(0, MAX_TITLE_LENGTH);
  return (opts.filename.replace(/\.[A-Za-z0-9]{1,5}$/, "").trim() || "Untitled video").slice(0, MAX_TITLE_LENGTH);
}
