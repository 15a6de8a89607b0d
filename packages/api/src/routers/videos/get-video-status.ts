import { findOwnedVideo, toVideoDto } from "@coherence/core";
import { authedProcedure } from "../../trpc/procedures";
import { getVideoStatusMeta, ZGetVideoStatusInput, ZGetVideoStatusOutput } from "./get-video-status.types";

/** Where the analysis of a video stands. */
export const getVideoStatusRoute = authedProcedure
  .meta(getVideoStatusMeta)
  .input(ZGetVideoStatusInput)
  .output(ZGetVideoStatusOutput)
  .query(async ({ ctx, input }) => {
    const { id, status, stage, progress, error } = toVideoDto(
      await findOwnedVideo(ctx.deps.db, { userId: ctx.user.id, videoId: input.id }),
    );
    return { id, status, stage, progress, error };
  });
