import { authedProcedure } from "../../trpc/procedures";
import { getVideoResultsMeta, ZGetVideoResultsInput, ZGetVideoResultsOutput } from "./get-video-results.types";
import { loadResults } from "./load-results";
import { findOwnedVideo } from "./video-record";

/** The analysis of a complete video (or the earlier analysis of the same content it reuses). */
export const getVideoResultsRoute = authedProcedure
  .meta(getVideoResultsMeta)
  .input(ZGetVideoResultsInput)
  .output(ZGetVideoResultsOutput)
  .query(async ({ ctx, input }) => {
    const video = await findOwnedVideo(ctx.deps.db, { userId: ctx.user.id, videoId: input.id });
    return loadResults({ db: ctx.deps.db, video });
  });
