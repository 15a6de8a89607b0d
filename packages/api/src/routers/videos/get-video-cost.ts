import { findOwnedVideo, getAnalysisCost } from "@coherence/core";
import { authedProcedure } from "../../trpc/procedures";
import { getVideoCostMeta, ZGetVideoCostInput, ZGetVideoCostOutput } from "./get-video-cost.types";

/** What the owner's video cost to analyse, by provider (shown as a card beside the results). */
export const getVideoCostRoute = authedProcedure
  .meta(getVideoCostMeta)
  .input(ZGetVideoCostInput)
  .output(ZGetVideoCostOutput)
  .query(async ({ ctx, input }) => {
    const video = await findOwnedVideo(ctx.deps.db, { userId: ctx.user.id, videoId: input.id });
    const cost = await getAnalysisCost({ db: ctx.deps.db, videoId: video.id });
    return {
      videoId: video.id,
      totalUsd: cost.totalUsd,
      reusedAnalysis: video.analysisId !== null,
      providers: cost.byProvider,
    };
  });
