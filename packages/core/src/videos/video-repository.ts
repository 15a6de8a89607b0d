import { AppError, type TPipelineStage, type TVideoStatus } from "@coherence/shared";
import { type RawBuilder, sql, type UpdateObject } from "kysely";
import type { DB } from "../db/types";
import { enqueueJob } from "../jobs";
import { createAnalysisRepository } from "./analysis-repository";
import { findVideoScriptHash, saveVideoScript, scriptSha256 } from "./script-repository";
import { IllegalTransitionError, sourcesOf, VIDEO_TRANSITIONS, type VideoTransition } from "./status";
import { ANALYZE_VIDEO_TASK } from "./tasks";
import { type DbOrTransaction, inTransaction } from "./transaction";
import { findOwnedVideo, NO_SCORE, type VideoRow, type VideoScore } from "./video-record";

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

export type Failure = { code: string; message: string; retryable: boolean; final: boolean };

const CLEAR_ERROR = { errorCode: null, errorMessage: null, errorRetryable: null } as const;

type MoveArgs = [
  videoId: string,
  transition: VideoTransition,
  set?: Omit<UpdateObject<DB, "videos">, "status">,
  where?: { userId?: string },
];

/**
 * Applies `transition` to the video with a compare-and-set on its status. Returns the
 * updated row, or undefined when the video no longer exists (deleted while the work ran).
 */
async function moveVideo(
  db: DbOrTransaction,
  ...[videoId, transition, set = {}, where]: MoveArgs
): Promise<VideoRow | undefined> {
  const from = sourcesOf(transition).filter((s): s is TVideoStatus => s !== null);
  const row = await db
    .updateTable("videos")
    .set({ ...set, status: VIDEO_TRANSITIONS[transition].to, updatedAt: new Date() })
    .where("id", "=", videoId)
    .$if(where?.userId !== undefined, (q) => q.where("userId", "=", where!.userId!))
    .where("status", "in", from)
    .returningAll()
    .executeTakeFirst();
  if (row) return row;
  const current = await db.selectFrom("videos").select("status").where("id", "=", videoId).executeTakeFirst();
  if (!current) return undefined;
  throw new IllegalTransitionError({ transition, from: current.status as TVideoStatus });
}

/**
 * The only writer of `videos`. Status changes follow the state machine (status.ts): each is
 * an UPDATE guarded by the statuses its transition may start from (compare-and-set), so two
 * actors cannot both move a video, and a move from a status the video has left is refused
 * with IllegalTransitionError. Works on the database or inside a caller's transaction.
 */
export function createVideoRepository(db: DbOrTransaction) {
  const move = (...args: MoveArgs) => moveVideo(db, ...args);
  return {
    /**
     * Registers a validated, stored upload. In one transaction: the video row, and either
     * the analysis job (jobKey = video id) or, when the same user already had this exact
     * content analysed, a link to that analysis (the video is complete at once).
     */
    async register(video: NewVideo): Promise<{ row: VideoRow; reusedAnalysis: boolean; score: VideoScore }> {
      try {
        return await inTransaction(db, async (trx) => {
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
          const wanted = video.script ? scriptSha256(video.script) : null;
          const existing = latest && (await findVideoScriptHash(trx, latest.videoId)) === wanted ? latest : undefined;
          const status = VIDEO_TRANSITIONS[existing ? "register-reused" : "register"].to;
          const row = await trx
            .insertInto("videos")
            .values({
              ...storedFile(video),
              uploadMode: video.uploadMode,
              status,
              stage: status,
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
          const score = existing
            ? { coherenceScore: existing.coherenceScore, scoreTier: existing.scoreTier }
            : NO_SCORE;
          return { row, reusedAnalysis: Boolean(existing), score };
        });
      } catch (err) {
        if ((err as { code?: string }).code === "23505") {
          throw new AppError("CONFLICT", "This upload has already been registered.", { cause: err });
        }
        throw err;
      }
    },

    /** A queued video without a job: the caller analyses it in-process (seed-demo). */
    async createQueued(video: StoredFile & { createdAt?: Date }): Promise<void> {
      await db
        .insertInto("videos")
        .values({
          ...storedFile(video),
          status: VIDEO_TRANSITIONS.register.to,
          ...(video.createdAt ? { createdAt: video.createdAt, updatedAt: video.createdAt } : {}),
        })
        .execute();
    },

    /**
     * The worker takes the video (queued → processing, or processing again when an earlier
     * worker died holding the job), clearing any error of an earlier attempt.
     */
    async start(videoId: string): Promise<VideoRow | undefined> {
      const current = await db.selectFrom("videos").select("status").where("id", "=", videoId).executeTakeFirst();
      if (!current) return undefined;
      return move(videoId, current.status === "processing" ? "resume" : "start", CLEAR_ERROR);
    },

    /** Stage and progress of a video being processed; a video in any other status is left alone. */
    async setProgress(videoId: string, s: { stage: TPipelineStage; progress: number }): Promise<void> {
      await db
        .updateTable("videos")
        .set({ stage: s.stage, progress: Math.min(99, s.progress), updatedAt: new Date() })
        .where("id", "=", videoId)
        .where("status", "=", "processing")
        .execute();
    },

    /** Records a failure: a final one is `error`; one graphile-worker will retry goes back to `queued`. */
    async fail(videoId: string, failure: Failure): Promise<VideoRow | undefined> {
      return move(videoId, failure.final ? "fail" : "requeue", {
        errorCode: failure.code,
        errorMessage: failure.message,
        errorRetryable: failure.retryable,
      });
    },

    /** The pipeline persisted the analysis (processing → complete). */
    async complete(opts: { videoId: string; durationSeconds: number }): Promise<VideoRow | undefined> {
      return move(opts.videoId, "complete", completed(opts.durationSeconds));
    },

    /**
     * Copies the same user's finished analysis of identical content to this video
     * (queued | processing → complete). A copy rather than a link (videos.analysis_id, as
     * registration does when the earlier analysis was already finished) so that deleting
     * or re-scoring the earlier video leaves this one intact. Returns the copy's id.
     */
    async reuse(opts: { videoId: string; source: { analysisId: string; videoId: string } }): Promise<string> {
      return inTransaction(db, async (trx) => {
        const id = await createAnalysisRepository(trx).copyToVideo({
          sourceAnalysisId: opts.source.analysisId,
          sourceVideoId: opts.source.videoId,
          videoId: opts.videoId,
        });
        const duration = sql<number>`coalesce((select duration_seconds from analyses where id = ${id}), videos.duration_seconds)`;
        const moved = await moveVideo(trx, opts.videoId, "reuse", completed(duration));
        if (!moved) throw new AppError("NOT_FOUND", "The video was deleted while its analysis was being copied.");
        return id;
      });
    },

    /**
     * The user asks for a failed analysis again (error → queued) and the job is enqueued in
     * the same transaction (same job key, so a double click queues it once).
     */
    async retry(opts: { videoId: string; userId: string; requestId: string }): Promise<VideoRow> {
      const video = await findOwnedVideo(db, { userId: opts.userId, videoId: opts.videoId });
      if (video.status !== "error")
        throw new IllegalTransitionError({ transition: "retry", from: video.status as TVideoStatus });
      if (video.errorRetryable === false) {
        throw new AppError(
          "CONFLICT",
          "This analysis failed for a reason a retry cannot fix (see the error message). Upload the video again.",
        );
      }
      return inTransaction(db, async (trx) => {
        let row: VideoRow | undefined;
        try {
          row = await moveVideo(
            trx,
            video.id,
            "retry",
            { stage: "queued", progress: 0, ...CLEAR_ERROR },
            { userId: opts.userId },
          );
        } catch (err) {
          if (err instanceof IllegalTransitionError) {
            throw new IllegalTransitionError({
              transition: "retry",
              from: err.from,
              message: "This video is already being analysed again.",
            });
          }
          throw err;
        }
        if (!row) throw new AppError("NOT_FOUND", "Video not found. It may have been deleted.");
        await enqueueJob(trx, {
          task: ANALYZE_VIDEO_TASK,
          payload: { videoId: video.id, userId: opts.userId, requestId: opts.requestId },
          jobKey: video.id,
        });
        return row;
      });
    },

    /**
     * The video's script changed (complete | error → queued): its own analysis is made again,
     * with the job enqueued in the same transaction. A video linked at upload to an earlier
     * analysis of the same content gets its own from now on.
     */
    async rescript(opts: { videoId: string; userId: string; requestId: string }): Promise<VideoRow> {
      return inTransaction(db, async (trx) => {
        const row = await moveVideo(
          trx,
          opts.videoId,
          "rescript",
          { stage: "queued", progress: 0, analysisId: null, ...CLEAR_ERROR },
          { userId: opts.userId },
        );
        if (!row) throw new AppError("NOT_FOUND", "Video not found. It may have been deleted.");
        await enqueueJob(trx, {
          task: ANALYZE_VIDEO_TASK,
          payload: { videoId: opts.videoId, userId: opts.userId, requestId: opts.requestId },
          jobKey: opts.videoId,
        });
        return row;
      });
    },

    /**
     * Deletes the user's video row: its pending job (graphile-worker removes it, or, when
     * a worker holds it, stops it from being retried; the task tolerates a missing video)
     * and its rows. An analysis that other uploads of the same content reuse is handed to
     * one of them rather than lost. Stored objects are the caller's.
     */
    async remove(opts: { userId: string; videoId: string }): Promise<void> {
      const { userId, videoId } = opts;
      await inTransaction(db, async (trx) => {
        await findOwnedVideo(trx, { userId, videoId });
        await trx.selectFrom("videos").select("id").where("id", "=", videoId).forUpdate().execute();
        await sql`select graphile_worker.remove_job(${videoId}::text)`.execute(trx);
        const own = await trx.selectFrom("analyses").select("id").where("videoId", "=", videoId).executeTakeFirst();
        if (own) {
          const heir = await trx
            .selectFrom("videos")
            .select("id")
            .where("analysisId", "=", own.id)
            .where("id", "!=", videoId)
            .orderBy("createdAt", "asc")
            .limit(1)
            .executeTakeFirst();
          if (heir) {
            await createAnalysisRepository(trx).handOver({ analysisId: own.id, toVideoId: heir.id });
            await trx.updateTable("videos").set({ analysisId: null }).where("id", "=", heir.id).execute();
          }
        }
        await trx.deleteFrom("videos").where("id", "=", videoId).execute();
      });
    },

    /** Deletes a video row outright (a half-made demo video; rows that cascade go with it). */
    async deleteRow(videoId: string): Promise<void> {
      await db.deleteFrom("videos").where("id", "=", videoId).execute();
    },
  };
}

type StoredFile = Omit<NewVideo, "requestId" | "uploadMode" | "completesUploadId">;

/** The columns describing the stored upload, the same for every way a video row is made. */
function storedFile(video: StoredFile) {
  const { videoId, userId, title, originalFilename, contentType, sizeBytes, contentHash, durationSeconds, storageKey } =
    video;
  return {
    id: videoId,
    userId,
    title,
    originalFilename,
    contentType,
    sizeBytes,
    contentHash,
    durationSeconds,
    storageKey,
  };
}

function completed(durationSeconds: number | RawBuilder<number>) {
  return { stage: "complete", progress: 100, durationSeconds, ...CLEAR_ERROR } as const;
}

export type VideoRepository = ReturnType<typeof createVideoRepository>;
