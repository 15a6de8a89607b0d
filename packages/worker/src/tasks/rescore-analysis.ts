import { type Database, type Logger, RESCORE_ANALYSIS_TASK } from "@coherence/core";
import type { Task } from "graphile-worker";
import { rescoreAnalysis } from "../pipeline/rescore";
import { defineContractTask } from "./define-task";

export const RESCORE_ANALYSIS = RESCORE_ANALYSIS_TASK;

/** Re-scores one analysis from its stored raw events (admin procedures, `coherence rescore --all`). */
export function createRescoreAnalysisTask(deps: { db: Database; logger: Logger }): Task<typeof RESCORE_ANALYSIS_TASK> {
  return defineContractTask({
    task: RESCORE_ANALYSIS_TASK,
    logger: deps.logger,
    handler: async ({ analysisId }, ctx) => {
      const out = await rescoreAnalysis(deps.db, analysisId);
      ctx.logger.info({ analysisId, ...out }, "analysis re-scored");
    },
  });
}
