import { createVideoRepository, type Database, forgetScriptDependentStages, type VideoRow } from "@coherence/core";
import { AppError, type TVideoStatus } from "@coherence/shared";

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
 * analysis failed for a reason a retry can fix, is queued again (VideoRepository.rescript).
 * Only the stages that depend on what was said run again; probe and vision come from the
 * stage cache. A queued video needs nothing more: its job reads the script when it starts.
 */
export async function reanalyseForScript(
  trx: Database,
  opts: { video: VideoRow; userId: string; requestId: string },
): Promise<{ reanalysing: boolean; status: TVideoStatus }> {
  const { video } = opts;
  await forgetScriptDependentStages(trx, video.id);
  const again = video.status === "complete" || (video.status === "error" && video.errorRetryable !== false);
  if (!again) return { reanalysing: video.status === "queued", status: video.status as TVideoStatus };
  const row = await createVideoRepository(trx).rescript({
    videoId: video.id,
    userId: opts.userId,
    requestId: opts.requestId,
  });
  return { reanalysing: true, status: row.status as TVideoStatus };
}
