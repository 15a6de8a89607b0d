import { authedProcedure } from "../../trpc/procedures";
import { deleteVideoMeta, ZDeleteVideoInput, ZDeleteVideoOutput } from "./delete-video.types";
import { removeVideo } from "./remove-video";

/** Deletes one of the signed-in user's videos with everything stored for it. */
export const deleteVideoRoute = authedProcedure
  .meta(deleteVideoMeta)
  .input(ZDeleteVideoInput)
  .output(ZDeleteVideoOutput)
  .mutation(async ({ ctx, input }) => {
    await removeVideo({
      db: ctx.deps.db,
      storage: ctx.deps.storage,
      logger: ctx.logger.child({ videoId: input.id }),
      userId: ctx.user.id,
      videoId: input.id,
    });
    return { id: input.id, deleted: true as const };
  });
