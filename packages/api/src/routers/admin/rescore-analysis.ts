import { enqueueJob, RESCORE_ANALYSIS_TASK, rescoreJobKey } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { adminProcedure } from "../../trpc/procedures";
import { rescoreAnalysisMeta, ZRescoreAnalysisInput, ZRescoreAnalysisOutput } from "./rescore-analysis.types";

/** Queues a re-score of one analysis; the same analysis queued twice runs once (job key). */
export const rescoreAnalysisRoute = adminProcedure
  .meta(rescoreAnalysisMeta)
  .input(ZRescoreAnalysisInput)
  .output(ZRescoreAnalysisOutput)
  .mutation(async ({ ctx, input }) => {
    const exists = await ctx.deps.db
      .selectFrom("analyses")
      .select("id")
      .where("id", "=", input.analysisId)
      .executeTakeFirst();
    if (!exists) throw new AppError("NOT_FOUND", "No analysis with that id.");
    const job = await enqueueJob(ctx.deps.db, {
      task: RESCORE_ANALYSIS_TASK,
      payload: { analysisId: input.analysisId, requestId: ctx.requestId },
      jobKey: rescoreJobKey(input.analysisId),
    });
    return { queued: true as const, jobId: job.id };
  });
