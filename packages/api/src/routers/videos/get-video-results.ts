import { findOwnedVideo } from "@coherence/core";
import { recallOwnedVideo } from "../../reads/request-memo";
import { authedProcedure } from "../../trpc/procedures";
import { getVideoResultsMeta, ZGetVideoResultsInput, ZGetVideoResultsOutput } from "./get-video-results.types";
import { loadResults } from "./load-results";

/** The analysis of a complete video (or the earlier analysis of the same content it reuses). */
export const getVideoResultsRoute = authedProcedure
  .meta(getVideoResultsMeta)
  .input(ZGetVideoResultsInput)
  .output(ZGetVideoResultsOutput)
  .query(async ({ ctx, input }) => {
    const owned = { userId: ctx.user.id, videoId: input.id };
    // Already read for the ETag in this request (http/conditional), or read now.
    const video = recallOwnedVideo(ctx.req, owned) ?? (await findOwnedVideo(ctx.deps.db, owned));
    return loadResults({ db: ctx.deps.db, video });
  });
