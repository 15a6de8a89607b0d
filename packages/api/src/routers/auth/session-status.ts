import { findAccount, findRefreshFamily } from "@coherence/core";
import { cookieNames, readCookie } from "../../auth/cookies";
import { toUserProfile } from "../../auth/profile";
import { publicProcedure } from "../../trpc/procedures";
import { sessionStatusMeta, ZSessionStatusInput, ZSessionStatusOutput } from "./session-status.types";

/** The session probe: who is signed in, or that nobody is (200 either way), and whether a refresh would help. */
export const sessionStatusRoute = publicProcedure
  .meta(sessionStatusMeta)
  .input(ZSessionStatusInput)
  .output(ZSessionStatusOutput)
  .query(async ({ ctx }) => {
    const account = ctx.user ? await findAccount(ctx.deps.db, ctx.user.id) : null;
    if (account) return { signedIn: true, user: toUserProfile(account), canRefresh: false };
    const refresh = readCookie(ctx.req, cookieNames(ctx.deps.config).refresh);
    const family = refresh ? await findRefreshFamily(ctx.deps.db, refresh) : null;
    return { signedIn: false, user: null, canRefresh: family?.active === true };
  });
