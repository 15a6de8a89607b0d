import { enqueueJob } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { authedProcedure } from "../../trpc/procedures";
import { ANALYZE_VIDEO_TASK } from "./register-video";
import { retryVideoMeta, ZRetryVideoInput, ZRetryVideoOutput } from "./retry-video.types";
import { findOwnedVideo, toVideoDto } from "./video-record";

/** Queues the analysis of a failed video again (same job key, so a double click queues it once). */
export const retryVideoRoute = authedProcedure
  .meta(retryVideoMeta)
  .input(ZRetryVideoInput)
  .output(ZRetryVideoOutput)
  .mutation(async ({ ctx, input }) => {
    const video = await findOwnedVideo(ctx.deps.db, { userId: ctx.user.id, videoId: input.id });
    if (video.status !== "error") {
      throw new AppError("CONFLICT", `This video is ${video.status}; only a failed analysis can be retried.`);
    }
    if (video.errorRetryable === false) {
      throw new AppError(
        "CONFLICT",
        "This analysis failed for a reason a retry cannot fix (see the error message). Upload the video again.",
      );
    }
    const row = await ctx.deps.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable("videos")
        .set({
          status: "queued",
          stage: "queued",
          progress: 0,
          errorCode: null,
          errorMessage: null,
          errorRetryable: null,
          updatedAt: new Date(),
        })
        .where("id", "=", video.id)
        .where("status", "=", "error")
        .returningAll()
        .executeTakeFirst();
      if (!updated) throw new AppError("CONFLICT", "This video is already being analysed again.");
      await enqueueJob(trx, {
        task: ANALYZE_VIDEO_TASK,
        payload: { videoId: video.id, userId: ctx.user.id, requestId: ctx.requestId },
        jobKey: video.id,
      });
      return updated;
    });
    const { id, status, stage, progress, error } = toVideoDto(row);
    return { id, status, stage, progress, error };
  });
