import { createVideoRepository, type Database } from "@coherence/core";
import type { TPipelineStage } from "@coherence/shared";

/**
 * Writes stage and progress, at most every `intervalMs` unless the stage changes,
 * so that a fast stage does not flood the database.
 */
export function createProgressWriter(db: Database, videoId: string, intervalMs = 500) {
  const videos = createVideoRepository(db);
  let lastWrite = 0;
  let lastStage: string | undefined;
  let pending: Promise<unknown> = Promise.resolve();
  return (s: { stage: TPipelineStage; progress: number }) => {
    const now = Date.now();
    if (s.stage === lastStage && now - lastWrite < intervalMs) return;
    lastWrite = now;
    lastStage = s.stage;
    pending = pending.then(() => videos.setProgress(videoId, s)).catch(() => {});
  };
}
