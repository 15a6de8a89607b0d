import { type Database, enqueueJob, forgetScriptDependentStages } from "@coherence/core";
import { AppError, type TVideoStatus } from "@coherence/shared";
import { ANALYZE_VIDEO_TASK } from "./register-video";
import type { VideoRow } from "./video-record";

/** Refuses a script change while the video is being analysed: that analysis would ignore it. */
export function assertScriptChangeable(video: VideoRow): void {
  if (video.status === "processing") {
    throw new AppError(
      "CONFLICT",
      "This video is being analysed right now. Change its script when the analysis has finished.",
    );
  }
}

/**
 * After the script changed (in the caller's transaction): an analysed video, or one whose
 * analysis failed for a reason a retry can fix, is queued again. Only the stages that depend
 * on what was said run again; probe and vision come from the stage cache. A queued video
 * needs nothing more: its job reads the script when it starts.
 */
export async function reanalyseForScript(
  trx: Database,
  opts: { video: VideoRow; userId: string; requestId: string },
): Promise<{ reanalysing: boolean; status: TVideoStatus }> {
  const { video } = opts;
  await forgetScriptDependentStages(trx, video.id);
  const again = video.status === "complete" || (video.status === "error" && video.errorRetryable !== false);
  if (!again) return { reanalysing: video.status === "queued", status: video.status as TVideoStatus };
  const queued = await trx
    .updateTable("videos")
    .set({
      status: "queued",
      stage: "queued",
      progress: 0,
      errorCode: null,
      errorMessage: null,
      errorRetryable: null,
      // Its own analysis from now on, not the earlier one of the same content it linked to.
      analysisId: null,
      updatedAt: new Date(),
    })
    .where("id", "=", video.id)
    // Unchanged since it was read: a worker that started on it meanwhile wins, and this change is undone.
    .where("status", "=", video.status)
    .executeTakeFirst();
  if (queued.numUpdatedRows === 0n) {
    throw new AppError(
      "CONFLICT",
      "This video started being analysed meanwhile. Change its script when it has finished.",
    );
  }
  await enqueueJob(trx, {
    task: ANALYZE_VIDEO_TASK,
    payload: { videoId: video.id, userId: opts.userId, requestId: opts.requestId },
    jobKey: video.id,
  });
  return { reanalysing: true, status: "queued" };
}
