import { authenticateWithPassword, normalizeEmail } from "@coherence/core";
import { issueSession } from "../../auth/issue-session";
import { publicProcedure, rateLimited } from "../../trpc/procedures";
import { loginMeta, ZLoginInput, ZLoginOutput } from "./login.types";
import { withPasswordThrottle } from "./password-throttle";

/**
 * Signs in with email and password. Spraying from one address meets the per-IP limit;
 * guessing one account meets the per-(account, client) delays, which never reach the
 * owner signing in from elsewhere (see withPasswordThrottle).
 */
export const loginRoute = rateLimited(publicProcedure, {
  bucket: "login",
  perIp: { points: (config) => config.RATE_LIMIT_AUTH_MAX, windowSeconds: 15 * 60 },
})
  .meta(loginMeta)
  .input(ZLoginInput)
  .output(ZLoginOutput)
  .mutation(async ({ ctx, input }) => {
    const account = await withPasswordThrottle(ctx, {
      account: normalizeEmail(input.email),
      check: () => authenticateWithPassword(ctx.deps.db, input),
    });
    ctx.logger.info({ userId: account.id, mode: input.mode }, "signed in");
    return await issueSession({ deps: ctx.deps, res: ctx.res, account, mode: input.mode });
  });
