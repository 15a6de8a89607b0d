import {
  ANALYZE_VIDEO_TASK,
  createVideoRepository,
  type Database,
  findVideoScript,
  IllegalTransitionError,
  type Logger,
  type Storage,
} from "@coherence/core";
import { AppError } from "@coherence/shared";
import type { Task } from "graphile-worker";
import { analyzeStoredVideo } from "../pipeline/analyze-stored-video";
import { chooseProviders } from "../pipeline/choose-providers";
import type { ProviderSet } from "../pipeline/create-deps";
import { reuseFinishedAnalysis } from "../pipeline/reuse";
import type { PipelineDeps } from "../pipeline/types";
import { withAnalysisUsage } from "../providers/cloud-providers";
import { linkUsageToAnalysis, type PriceTable } from "../providers/usage-recorder";
import { defineContractTask } from "./define-task";

export const ANALYZE_VIDEO = ANALYZE_VIDEO_TASK;

/** Why a failure is or is not worth retrying, in the `{ code, message, retryable }` shape users see. */
export function describeFailure(err: unknown): { code: string; message: string; retryable: boolean } {
  if (err instanceof AppError) return { code: err.code, message: err.message, retryable: err.retryable };
  const known = err as { name?: string; message?: string; retryable?: boolean };
  // Provider errors carry a message written for users; anything else stays generic.
  if (known?.name === "AIServiceError" && typeof known.message === "string") {
    return { code: "AI_SERVICE_ERROR", message: known.message, retryable: known.retryable ?? true };
  }
  return {
    code: "ANALYSIS_FAILED",
    message: "The analysis failed. It is retried automatically; if it keeps failing, upload the video again.",
    retryable: true,
  };
}

/**
 * The analyze-video job: a thin handler around the pipeline. Safe to run twice:
 * a deleted video is a no-op, a complete one is skipped, finished stages are reused.
 * The same user's earlier analysis of identical content is copied without any provider
 * call. Otherwise each stage runs the provider of the user's experiment arm (or the
 * default), and every provider call, local ones included at $0, is booked in
 * provider_usage against the video and then linked to the analysis.
 */
export function createAnalyzeVideoTask(deps: {
  db: Database;
  storage: Storage;
  logger: Logger;
  /** The process's providers (built once, lazily). */
  providers: () => ProviderSet;
  /** Media tools and fusion around the providers chosen for one analysis. */
  pipeline: (opts: { providers: ProviderSet; logger: Logger }) => Promise<PipelineDeps>;
  prices: PriceTable;
  fps: number;
}): Task<typeof ANALYZE_VIDEO_TASK> {
  return defineContractTask({
    task: ANALYZE_VIDEO_TASK,
    logger: deps.logger,
    handler: async ({ videoId }, ctx) => {
      const video = await deps.db
        .selectFrom("videos")
        .select(["id", "status", "storageKey", "userId", "contentHash"])
        .where("id", "=", videoId)
        .executeTakeFirst();
      if (!video) {
        ctx.logger.info("video no longer exists (deleted): nothing to do");
        return;
      }
      if (video.status === "complete") {
        ctx.logger.info("video already analysed: nothing to do");
        return;
      }
      if (!video.storageKey) throw new Error(`video ${videoId} has no storage key`);
      const reused = await reuseFinishedAnalysis({ db: deps.db, video });
      if (reused) {
        ctx.logger.info(reused, "same content already analysed: analysis copied, no provider called");
        return;
      }
      try {
        const { names, ...chosen } = await chooseProviders({
          db: deps.db,
          userId: video.userId,
          videoId,
          providers: deps.providers(),
          logger: ctx.logger,
        });
        const metered = withAnalysisUsage(chosen, {
          db: deps.db,
          prices: deps.prices,
          videoId,
          logger: ctx.logger,
        });
        const script = await findVideoScript(deps.db, videoId);
        const { result, analysisId } = await analyzeStoredVideo({
          db: deps.db,
          storage: deps.storage,
          videoId,
          storageKey: video.storageKey,
          deps: await deps.pipeline({ providers: metered, logger: ctx.logger }),
          providers: names,
          fps: deps.fps,
          signal: ctx.signal,
          script: script?.text,
        });
        await linkUsageToAnalysis({ db: deps.db, videoId, analysisId });
        ctx.logger.info(
          { score: result.coherenceScore, flags: result.flags.length, providers: names },
          "analysis complete",
        );
      } catch (err) {
        if (err instanceof IllegalTransitionError) {
          // Someone else moved the video (a delete, a finished twin job): this run has nothing left to do.
          ctx.logger.warn(
            { err, from: err.from, transition: err.transition },
            "video moved by another actor: stopping",
          );
          return;
        }
        const failure = describeFailure(err);
        const final = !failure.retryable || ctx.attempt >= ctx.maxAttempts;
        ctx.logger.error({ err, attempt: ctx.attempt, final }, "analysis failed");
        await createVideoRepository(deps.db).fail(videoId, { ...failure, final });
        // A failure that cannot succeed on retry is final now; anything else goes back to graphile-worker's backoff.
        if (failure.retryable && !final) throw err;
      }
    },
  });
}
