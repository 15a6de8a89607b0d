import { registerWithPassword } from "@coherence/core";
import { issueSession } from "../../auth/issue-session";
import { publicProcedure, rateLimited } from "../../trpc/procedures";
import { registerMeta, ZRegisterInput, ZRegisterOutput } from "./register.types";

/** Creates a password account and signs it in. */
export const registerRoute = rateLimited(publicProcedure, {
  bucket: "register",
  perIp: { points: (config) => config.RATE_LIMIT_AUTH_MAX, windowSeconds: 15 * 60 },
})
  .meta(registerMeta)
  .input(ZRegisterInput)
  .output(ZRegisterOutput)
  .mutation(async ({ ctx, input }) => {
    const account = await registerWithPassword(ctx.deps.db, input);
    ctx.logger.info({ userId: account.id }, "account registered");
    return await issueSession({ deps: ctx.deps, res: ctx.res, account, mode: input.mode });
  });
