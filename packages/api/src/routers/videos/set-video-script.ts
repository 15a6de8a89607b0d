import { findOwnedVideo, saveVideoScript } from "@coherence/core";
import type { TVideoStatus } from "@coherence/shared";
import { authedProcedure } from "../../trpc/procedures";
import { assertScriptChangeable, reanalyseForScript } from "./script-reanalysis";
import { setVideoScriptMeta, ZSetVideoScriptInput, ZSetVideoScriptOutput } from "./set-video-script.types";

/** Stores the presenter's script for a video and, when it changed, analyses the video again with it. */
export const setVideoScriptRoute = authedProcedure
  .meta(setVideoScriptMeta)
  .input(ZSetVideoScriptInput)
  .output(ZSetVideoScriptOutput)
  .mutation(async ({ ctx, input }) => {
    return await ctx.deps.db.transaction().execute(async (trx) => {
      const video = await findOwnedVideo(trx, { userId: ctx.user.id, videoId: input.id });
      assertScriptChangeable(video);
      const { script, changed } = await saveVideoScript(trx, { videoId: video.id, text: input.text });
      const outcome = changed
        ? await reanalyseForScript(trx, { video, userId: ctx.user.id, requestId: ctx.requestId })
        : { reanalysing: false, status: video.status as TVideoStatus };
      return {
        videoId: video.id,
        text: script.text,
        sha256: script.sha256,
        updatedAt: script.updatedAt.toISOString(),
        ...outcome,
      };
    });
  });
