import type { Database } from "@coherence/core";
import type { TPipelineStage } from "@coherence/shared";
import type { RawBuilder } from "kysely";

/** Marks the video as being processed (clearing any error from an earlier attempt). */
export async function markProcessing(db: Database, videoId: string): Promise<void> {
  await db
    .updateTable("videos")
    .set({
      status: "processing",
      errorCode: null,
      errorMessage: null,
      errorRetryable: null,
      updatedAt: new Date(),
    })
    .where("id", "=", videoId)
    .execute();
}

/**
 * Writes stage and progress, at most every `intervalMs` unless the stage changes,
 * so that a fast stage does not flood the database.
 */
export function createProgressWriter(db: Database, videoId: string, intervalMs = 500) {
  let lastWrite = 0;
  let lastStage: string | undefined;
  let pending: Promise<unknown> = Promise.resolve();
  return (s: { stage: TPipelineStage; progress: number }) => {
    const now = Date.now();
    if (s.stage === lastStage && now - lastWrite < intervalMs) return;
    lastWrite = now;
    lastStage = s.stage;
    pending = pending
      .then(() =>
        db
          .updateTable("videos")
          .set({ stage: s.stage, progress: Math.min(99, s.progress), updatedAt: new Date() })
          .where("id", "=", videoId)
          .where("status", "=", "processing")
          .execute(),
      )
      .catch(() => {});
  };
}

/** Records a failure. A final one sets `error`; one that will be retried goes back to `queued`. */
export async function markFailed(
  db: Database,
  videoId: string,
  failure: { code: string; message: string; retryable: boolean; final: boolean },
): Promise<void> {
  await db
    .updateTable("videos")
    .set({
      status: failure.final ? "error" : "queued",
      errorCode: failure.code,
      errorMessage: failure.message,
      errorRetryable: failure.retryable,
      updatedAt: new Date(),
    })
    .where("id", "=", videoId)
    .execute();
}

/** Marks the video complete with its duration, clearing any error from an earlier attempt. */
export async function markComplete(
  db: Database,
  opts: { videoId: string; durationSeconds: number | RawBuilder<number> },
): Promise<void> {
  await db
    .updateTable("videos")
    .set({
      status: "complete",
      stage: "complete",
      progress: 100,
      durationSeconds: opts.durationSeconds,
      errorCode: null,
      errorMessage: null,
      errorRetryable: null,
      updatedAt: new Date(),
    })
    .where("id", "=", opts.videoId)
    .execute();
}
