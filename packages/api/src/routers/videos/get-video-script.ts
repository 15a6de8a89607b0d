import { findOwnedVideo, findVideoScript } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { authedProcedure } from "../../trpc/procedures";
import { getVideoScriptMeta, ZGetVideoScriptInput, ZGetVideoScriptOutput } from "./get-video-script.types";

/** The script stored with one of the user's videos. */
export const getVideoScriptRoute = authedProcedure
  .meta(getVideoScriptMeta)
  .input(ZGetVideoScriptInput)
  .output(ZGetVideoScriptOutput)
  .query(async ({ ctx, input }) => {
    const video = await findOwnedVideo(ctx.deps.db, { userId: ctx.user.id, videoId: input.id });
    const script = await findVideoScript(ctx.deps.db, video.id);
    if (!script) throw new AppError("NOT_FOUND", "This video has no script. Add one with PUT /videos/{id}/script.");
    return { videoId: video.id, text: script.text, sha256: script.sha256, updatedAt: script.updatedAt.toISOString() };
  });
