import { type Database, enqueueJob, findVideoScriptHash, saveVideoScript, scriptSha256 } from "@coherence/core";
import { AppError, MAX_TITLE_LENGTH } from "@coherence/shared";
import { NO_SCORE, type VideoRow, type VideoScore } from "./video-record";

/** The job that analyses a video; its handler lives in the worker. */
export const ANALYZE_VIDEO_TASK = "analyze-video";

export type NewVideo = {
  videoId: string;
  userId: string;
  requestId: string;
  title: string;
  originalFilename: string;
  contentType: string;
  sizeBytes: number;
  contentHash: string;
  durationSeconds: number;
  storageKey: string;
  uploadMode: "stream" | "direct";
  /** The direct-upload session this video completes; removed in the same transaction. */
  completesUploadId?: string;
  /** The presenter's script (validated), stored with the video in the same transaction. */
  script?: string;
};

/**
 * Registers a validated, stored upload. In one transaction: the video row, and
 * either the analysis job (jobKey = video id) or, when the same user already had
 * this exact content analysed, a link to that analysis (the video is complete at once).
 */
export async function registerVideo(
  db: Database,
  video: NewVideo,
): Promise<{ row: VideoRow; reusedAnalysis: boolean; score: VideoScore }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const latest = await trx
        .selectFrom("analyses as a")
        .innerJoin("videos as v", "v.id", "a.videoId")
        .select(["a.id", "a.coherenceScore", "a.scoreTier", "v.id as videoId"])
        .where("v.userId", "=", video.userId)
        .where("v.contentHash", "=", video.contentHash)
        .where("v.status", "=", "complete")
        .orderBy("a.createdAt", "desc")
        .limit(1)
        .executeTakeFirst();
      // Only an analysis made with the same script (or none for none) is this upload's.
      const existing =
        latest &&
        (await findVideoScriptHash(trx, latest.videoId)) === (video.script ? scriptSha256(video.script) : null)
          ? latest
          : undefined;
      const row = await trx
        .insertInto("videos")
        .values({
          id: video.videoId,
          userId: video.userId,
          title: video.title,
          originalFilename: video.originalFilename,
          contentType: video.contentType,
          sizeBytes: video.sizeBytes,
          contentHash: video.contentHash,
          durationSeconds: video.durationSeconds,
          storageKey: video.storageKey,
          uploadMode: video.uploadMode,
          status: existing ? "complete" : "queued",
          stage: existing ? "complete" : "queued",
          progress: existing ? 100 : 0,
          analysisId: existing?.id ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (video.script) await saveVideoScript(trx, { videoId: video.videoId, text: video.script });
      if (!existing) {
        await enqueueJob(trx, {
          task: ANALYZE_VIDEO_TASK,
          payload: { videoId: video.videoId, userId: video.userId, requestId: video.requestId },
          jobKey: video.videoId,
        });
      }
      if (video.completesUploadId) {
        await trx.deleteFrom("videoUploads").where("id", "=", video.completesUploadId).execute();
      }
      const score = existing ? { coherenceScore: existing.coherenceScore, scoreTier: existing.scoreTier } : NO_SCORE;
      return { row, reusedAnalysis: Boolean(existing), score };
    });
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      throw new AppError("CONFLICT", "This upload has already been registered.", { cause: err });
    }
    throw err;
  }
}

/** Builds a title from the file name when the user gave none. */
export function titleFrom(opts: { title?: string; filename: string }): string {
  const given = opts.title?.trim();
  if (given) return given.slice(0, MAX_TITLE_LENGTH);
  return (opts.filename.replace(/\.[A-Za-z0-9]{1,5}$/, "").trim() || "Untitled video").slice(0, MAX_TITLE_LENGTH);
}
