import { createCsrfToken, findRefreshFamily, verifyCsrfToken } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { cookieNames, readCookie } from "../../auth/cookies";
import { publicProcedure, rateLimited } from "../../trpc/procedures";
import { getCsrfTokenMeta, ZGetCsrfTokenInput, ZGetCsrfTokenOutput } from "./get-csrf-token.types";

/** Mints a CSRF token bound to the browser session's user and sets it as the CSRF cookie. */
export const getCsrfTokenRoute = rateLimited(publicProcedure, {
  bucket: "csrf",
  perIp: { points: (config) => config.RATE_LIMIT_API_MAX, windowSeconds: 60 },
})
  .meta(getCsrfTokenMeta)
  .input(ZGetCsrfTokenInput)
  .output(ZGetCsrfTokenOutput)
  .query(async ({ ctx }) => {
    const names = cookieNames(ctx.deps.config);
    const refresh = readCookie(ctx.req, names.refresh);
    const family = refresh ? await findRefreshFamily(ctx.deps.db, refresh) : null;
    if (!family?.active) throw new AppError("UNAUTHORIZED", "No browser session: sign in first.");
    // Keep the current token if it is this user's (a planted one is replaced).
    const cookie = readCookie(ctx.req, names.csrf);
    const existing =
      cookie && verifyCsrfToken(cookie, { secret: ctx.deps.authSecret, userId: family.userId }) ? cookie : undefined;
    const csrfToken = existing ?? createCsrfToken({ secret: ctx.deps.authSecret, userId: family.userId });
    if (!existing && ctx.res) {
      ctx.res.cookie(names.csrf, csrfToken, { secure: ctx.deps.config.isProduction, sameSite: "lax", path: "/" });
    }
    return { csrfToken };
  });
