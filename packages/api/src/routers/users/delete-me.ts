import { deleteAccount } from "@coherence/core";
import { clearSessionCookies } from "../../http/auth/cookies";
import { authedProcedure } from "../../trpc/procedures";
import { deleteMeMeta, ZDeleteMeInput, ZDeleteMeOutput } from "./delete-me.types";

/** Deletes the signed-in user's account; stored objects follow in a background job. */
export const deleteMeRoute = authedProcedure
  .meta(deleteMeMeta)
  .input(ZDeleteMeInput)
  .output(ZDeleteMeOutput)
  .mutation(async ({ ctx }) => {
    await deleteAccount(ctx.deps.db, { userId: ctx.user.id, requestId: ctx.requestId });
    // Its tokens stop working here at once (other API processes follow within the cache's TTL).
    ctx.deps.sessions.forgetUser(ctx.user.id);
    if (ctx.res) clearSessionCookies(ctx.res, ctx.deps.config);
    ctx.logger.info("account deleted; stored objects queued for removal");
    return { deleted: true as const };
  });
