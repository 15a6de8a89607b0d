import { findRefreshFamily, revokeUserFamilies, updateAccount } from "@coherence/core";
import { cookieNames, readCookie } from "../../auth/cookies";
import { toUserProfile } from "../../auth/profile";
import { authedProcedure } from "../../trpc/procedures";
import { updateMeMeta, ZUpdateMeInput, ZUpdateMeOutput } from "./update-me.types";

/** Updates the signed-in user's profile; a password change ends every other session. */
export const updateMeRoute = authedProcedure
  .meta(updateMeMeta)
  .input(ZUpdateMeInput)
  .output(ZUpdateMeOutput)
  .mutation(async ({ ctx, input }) => {
    const { account, passwordChanged, emailChanged } = await updateAccount(ctx.deps.db, {
      userId: ctx.user.id,
      ...input,
    });
    let otherSessionsSignedOut = 0;
    if (passwordChanged) {
      // The browser session that made the change stays signed in; every other one ends.
      const cookie = readCookie(ctx.req, cookieNames(ctx.deps.config).refresh);
      const current = cookie ? await findRefreshFamily(ctx.deps.db, cookie) : null;
      otherSessionsSignedOut = await revokeUserFamilies(ctx.deps.db, {
        userId: ctx.user.id,
        reason: "password_change",
        keepFamilyId: current?.userId === ctx.user.id ? current.familyId : undefined,
      });
      ctx.logger.info({ otherSessionsSignedOut }, "password changed");
    }
    return { user: toUserProfile(account), emailVerificationRequired: emailChanged, otherSessionsSignedOut };
  });
