import { findOwnedVideo, findVideoScore, toVideoDto } from "@coherence/core";
import { authedProcedure } from "../../trpc/procedures";
import { getVideoMeta, ZGetVideoInput, ZGetVideoOutput } from "./get-video.types";

/** One video of the signed-in user; anyone else's answers 404. */
export const getVideoRoute = authedProcedure
  .meta(getVideoMeta)
  .input(ZGetVideoInput)
  .output(ZGetVideoOutput)
  .query(async ({ ctx, input }) => {
    const row = await findOwnedVideo(ctx.deps.db, { userId: ctx.user.id, videoId: input.id });
    return toVideoDto(row, await findVideoScore(ctx.deps.db, row));
  });
