import { createVideoRepository, type Database, type Storage } from "@coherence/core";
import { analyzeMedia, type MediaAnalysis } from "./analyze-media";
import { createDbStageCache } from "./db-cache";
import { markEstimatedMetrics } from "./estimated-metrics";
import { persistAnalysis } from "./persist";
import type { ProgressSnapshot } from "./progress";
import { createProgressWriter } from "./status";
import type { PipelineDeps } from "./types";

/**
 * Analyses a video that is already in storage and has a row, and persists the
 * result (video → complete). The analyze-video job and seed-demo both run
 * exactly this, so demo data comes from the same path as a user's upload.
 * Stage outputs are cached per video, so a retry skips finished stages.
 */
export async function analyzeStoredVideo(opts: {
  db: Database;
  storage: Storage;
  videoId: string;
  storageKey: string;
  deps: PipelineDeps;
  fps: number;
  signal: AbortSignal;
  /** Also told each progress step (the database is always told). */
  onProgress?: (s: ProgressSnapshot) => void;
  /** Which provider ran each stage, recorded on the analysis. */
  providers?: Record<string, string>;
  /** The video's stored script, which guides transcription and is aligned to what was said. */
  script?: string;
}): Promise<{ result: MediaAnalysis; analysisId: string }> {
  await createVideoRepository(opts.db).start(opts.videoId);
  const local = await opts.storage.localPath(opts.storageKey, { signal: opts.signal });
  const writeProgress = createProgressWriter(opts.db, opts.videoId);
  try {
    const result = markEstimatedMetrics(
      await analyzeMedia({
        videoPath: local.path,
        deps: opts.deps,
        fps: opts.fps,
        signal: opts.signal,
        script: opts.script,
        cache: createDbStageCache(opts.db, opts.videoId),
        onProgress: (s) => {
          writeProgress(s);
          opts.onProgress?.(s);
        },
      }),
    );
    const analysisId = await persistAnalysis(opts.db, opts.videoId, result, { providers: opts.providers });
    return { result, analysisId };
  } finally {
    await local.cleanup();
  }
}
