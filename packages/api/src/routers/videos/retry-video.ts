import { createVideoRepository, toVideoDto } from "@coherence/core";
import { authedProcedure } from "../../trpc/procedures";
import { retryVideoMeta, ZRetryVideoInput, ZRetryVideoOutput } from "./retry-video.types";

/** Queues the analysis of a failed video again (same job key, so a double click queues it once). */
export const retryVideoRoute = authedProcedure
  .meta(retryVideoMeta)
  .input(ZRetryVideoInput)
  .output(ZRetryVideoOutput)
  .mutation(async ({ ctx, input }) => {
    const row = await createVideoRepository(ctx.deps.db).retry({
      videoId: input.id,
      userId: ctx.user.id,
      requestId: ctx.requestId,
    });
    const { id, status, stage, progress, error } = toVideoDto(row);
    return { id, status, stage, progress, error };
  });
