import { findRefreshFamily, revokeFamily } from "@coherence/core";
import { clearSessionCookies, cookieNames, readCookie } from "../../auth/cookies";
import type { Context } from "../../trpc/context";
import { assertCsrf, publicProcedure, rateLimited } from "../../trpc/procedures";
import { logoutMeta, ZLogoutInput, ZLogoutOutput } from "./logout.types";

/**
 * The sign-ins (refresh families) a logout ends: the one the presented refresh token
 * (body, else cookie) belongs to, and the one the access token was minted for. A client
 * that sends only its access token (bearer, with an empty body) is signed out too.
 * Anything a browser sends on its own (cookies) needs the CSRF token.
 */
async function familiesToEnd(ctx: Context, refreshToken: string | undefined) {
  const fromCookie = refreshToken ? undefined : readCookie(ctx.req, cookieNames(ctx.deps.config).refresh);
  const token = refreshToken ?? fromCookie;
  const families = new Map<string, string>();
  const family = token ? await findRefreshFamily(ctx.deps.db, token) : null;
  if (family) {
    if (fromCookie) assertCsrf(ctx, family.userId);
    families.set(family.familyId, family.userId);
  }
  if (ctx.user && ctx.sessionId) {
    if (ctx.authVia === "cookie") assertCsrf(ctx, ctx.user.id);
    families.set(ctx.sessionId, ctx.user.id);
  }
  return families;
}

/** Revokes the refresh family of this sign-in. */
export const logoutRoute = rateLimited(publicProcedure, {
  bucket: "logout",
  perIp: { points: (config) => config.RATE_LIMIT_API_MAX, windowSeconds: 60 },
})
  .meta(logoutMeta)
  .input(ZLogoutInput)
  .output(ZLogoutOutput)
  .mutation(async ({ ctx, input }) => {
    for (const [familyId, userId] of await familiesToEnd(ctx, input.refreshToken)) {
      await revokeFamily(ctx.deps.db, { familyId, userId, reason: "logout" });
      ctx.logger.info({ userId, familyId }, "signed out");
    }
    if (ctx.res) clearSessionCookies(ctx.res, ctx.deps.config);
    return { signedOut: true as const };
  });
