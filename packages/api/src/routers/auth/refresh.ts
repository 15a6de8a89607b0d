import { findAccount, findRefreshFamily, rotateRefreshToken } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { clearSessionCookies, cookieNames, readCookie } from "../../auth/cookies";
import { sessionBody } from "../../auth/issue-session";
import { assertCsrf, publicProcedure, rateLimited } from "../../trpc/procedures";
import { refreshMeta, ZRefreshInput, ZRefreshOutput } from "./refresh.types";

/** Rotates a refresh token: the old one is spent, a new pair comes back (or new cookies are set). */
export const refreshRoute = rateLimited(publicProcedure, {
  bucket: "refresh",
  perIp: { points: (config) => config.RATE_LIMIT_API_MAX, windowSeconds: 60 },
})
  .meta(refreshMeta)
  .input(ZRefreshInput)
  .output(ZRefreshOutput)
  .mutation(async ({ ctx, input }) => {
    const fromCookie = input.refreshToken ? undefined : readCookie(ctx.req, cookieNames(ctx.deps.config).refresh);
    const token = input.refreshToken ?? fromCookie;
    if (!token) {
      throw new AppError("UNAUTHORIZED", "Send the refresh token (in the body, or the refresh cookie) to refresh.");
    }
    if (fromCookie) {
      const family = await findRefreshFamily(ctx.deps.db, fromCookie);
      if (family) assertCsrf(ctx, family.userId);
    }
    try {
      const { session, mode } = await rotateRefreshToken(ctx.deps.db, {
        refreshToken: token,
        secret: ctx.deps.authSecret,
        logger: ctx.logger,
      });
      const account = await findAccount(ctx.deps.db, session.userId);
      if (!account) throw new AppError("UNAUTHORIZED", "Sign in to continue: this account no longer exists.");
      return sessionBody({ deps: ctx.deps, res: ctx.res, account, session, mode: fromCookie ? "cookie" : mode });
    } catch (err) {
      if (fromCookie && ctx.res) clearSessionCookies(ctx.res, ctx.deps.config);
      throw err;
    }
  });
