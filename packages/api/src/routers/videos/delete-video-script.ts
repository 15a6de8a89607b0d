import { deleteVideoScript, findOwnedVideo } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { authedProcedure } from "../../trpc/procedures";
import { deleteVideoScriptMeta, ZDeleteVideoScriptInput, ZDeleteVideoScriptOutput } from "./delete-video-script.types";
import { assertScriptChangeable, reanalyseForScript } from "./script-reanalysis";

/** Removes a video's script; an analysed video is analysed again without it. */
export const deleteVideoScriptRoute = authedProcedure
  .meta(deleteVideoScriptMeta)
  .input(ZDeleteVideoScriptInput)
  .output(ZDeleteVideoScriptOutput)
  .mutation(async ({ ctx, input }) => {
    return await ctx.deps.db.transaction().execute(async (trx) => {
      const video = await findOwnedVideo(trx, { userId: ctx.user.id, videoId: input.id });
      assertScriptChangeable(video);
      if (!(await deleteVideoScript(trx, video.id))) throw new AppError("NOT_FOUND", "This video has no script.");
      const outcome = await reanalyseForScript(trx, { video, userId: ctx.user.id, requestId: ctx.requestId });
      return { videoId: video.id, deleted: true as const, ...outcome };
    });
  });
