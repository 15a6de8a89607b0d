import { authenticateWithPassword, normalizeEmail } from "@coherence/core";
import { issueSession } from "../../http/auth/issue-session";
import { publicProcedure, rateLimited } from "../../trpc/procedures";
import { loginMeta, ZLoginInput, ZLoginOutput } from "./login.types";

/** Signs in with email and password. */
export const loginRoute = rateLimited(publicProcedure, {
  bucket: "login",
  perIp: { points: (config) => config.RATE_LIMIT_AUTH_MAX, windowSeconds: 15 * 60 },
  // Slows down guessing one account's password from many addresses.
  perInput: {
    points: (config) => Math.max(1, Math.ceil(config.RATE_LIMIT_AUTH_MAX / 2)),
    windowSeconds: 15 * 60,
    key: (raw) => {
      const email = (raw as { email?: unknown } | undefined)?.email;
      return typeof email === "string" && email.length <= 254 ? normalizeEmail(email) : undefined;
    },
  },
})
  .meta(loginMeta)
  .input(ZLoginInput)
  .output(ZLoginOutput)
  .mutation(async ({ ctx, input }) => {
    const account = await authenticateWithPassword(ctx.deps.db, input).catch((err: unknown) => {
      ctx.logger.warn({ ip: ctx.ip }, "failed sign-in");
      throw err;
    });
    ctx.logger.info({ userId: account.id, mode: input.mode }, "signed in");
    return await issueSession({ deps: ctx.deps, res: ctx.res, account, mode: input.mode });
  });
