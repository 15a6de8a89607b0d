import { type AccountRow, deleteAccount, findAccount, findSessionStart, verifyPassword } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { clearSessionCookies } from "../../auth/cookies";
import type { Context } from "../../trpc/context";
import { authedProcedure } from "../../trpc/procedures";
import { withPasswordThrottle } from "../auth/password-throttle";
import { deleteMeMeta, RECENT_SIGN_IN_SECONDS, ZDeleteMeInput, ZDeleteMeOutput } from "./delete-me.types";

/**
 * A stolen access token alone must not delete an account: the password proves it is the
 * owner; an account without one (provider sign-in only) needs a sign-in of the last few minutes.
 */
async function confirmOwner(ctx: Context, account: AccountRow, password: string | undefined): Promise<void> {
  if (account.passwordHash) {
    if (!password) {
      const message = "Enter your password to delete your account.";
      throw new AppError("VALIDATION_FAILED", `Invalid input: password: ${message}`, {
        issues: [{ path: "password", message }],
      });
    }
    const hash = account.passwordHash;
    await withPasswordThrottle(ctx, {
      account: account.email,
      check: async () => {
        if (!(await verifyPassword(hash, password))) throw new AppError("FORBIDDEN", "The password is incorrect.");
      },
    });
    return;
  }
  const signedInAt = ctx.sessionId
    ? await findSessionStart(ctx.deps.db, { familyId: ctx.sessionId, userId: account.id })
    : null;
  if (!signedInAt || Date.now() - signedInAt.getTime() > RECENT_SIGN_IN_SECONDS * 1000) {
    throw new AppError(
      "FORBIDDEN",
      `To delete your account, sign in again with your provider, then delete it within ${RECENT_SIGN_IN_SECONDS / 60} minutes.`,
    );
  }
}

/** Deletes the signed-in user's account once the owner is confirmed; stored objects follow in a background job. */
export const deleteMeRoute = authedProcedure
  .meta(deleteMeMeta)
  .input(ZDeleteMeInput)
  .output(ZDeleteMeOutput)
  .mutation(async ({ ctx, input }) => {
    const account = await findAccount(ctx.deps.db, ctx.user.id);
    if (!account) throw new AppError("UNAUTHORIZED", "Sign in to continue: this account no longer exists.");
    await confirmOwner(ctx, account, input.password);
    await deleteAccount(ctx.deps.db, { userId: ctx.user.id, requestId: ctx.requestId });
    // Its tokens stop working here at once (other API processes follow within the cache's TTL).
    ctx.deps.sessions.forgetUser(ctx.user.id);
    if (ctx.res) clearSessionCookies(ctx.res, ctx.deps.config);
    ctx.logger.info("account deleted; stored objects queued for removal");
    return { deleted: true as const };
  });
