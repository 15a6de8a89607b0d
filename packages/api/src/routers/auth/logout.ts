import { findRefreshFamily, revokeFamily } from "@coherence/core";
import { clearSessionCookies, cookieNames, readCookie } from "../../http/auth/cookies";
import { assertCsrf, publicProcedure, rateLimited } from "../../trpc/procedures";
import { logoutMeta, ZLogoutInput, ZLogoutOutput } from "./logout.types";

/** Revokes the refresh family the presented token belongs to. */
export const logoutRoute = rateLimited(publicProcedure, {
  bucket: "logout",
  perIp: { points: (config) => config.RATE_LIMIT_API_MAX, windowSeconds: 60 },
})
  .meta(logoutMeta)
  .input(ZLogoutInput)
  .output(ZLogoutOutput)
  .mutation(async ({ ctx, input }) => {
    const fromCookie = input.refreshToken ? undefined : readCookie(ctx.req, cookieNames(ctx.deps.config).refresh);
    const token = input.refreshToken ?? fromCookie;
    const family = token ? await findRefreshFamily(ctx.deps.db, token) : null;
    if (family) {
      if (fromCookie) assertCsrf(ctx, family.userId);
      await revokeFamily(ctx.deps.db, { familyId: family.familyId, reason: "logout" });
      ctx.logger.info({ userId: family.userId, familyId: family.familyId }, "signed out");
    }
    if (ctx.res) clearSessionCookies(ctx.res, ctx.deps.config);
    return { signedOut: true as const };
  });
