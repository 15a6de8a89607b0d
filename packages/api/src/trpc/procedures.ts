import { AppError } from "@coherence/shared";
import { appErrorToTRPC } from "./errors";
import { t } from "./init";

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns AppErrors thrown by domain code into TRPCErrors carrying the right HTTP status. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    return { ...result, error: appErrorToTRPC(result.error.cause) };
  }
  return result;
});

/** Open to everyone. */
export const publicProcedure = t.procedure.use(mapAppErrors);

/** Requires a valid access token; `ctx.user` is non-null inside. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError("UNAUTHORIZED", "Sign in to continue: this request has no valid access token.");
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Requires an admin. Anyone else gets the same 404 as for a missing resource. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new AppError("NOT_FOUND", "Not found.");
  return next();
});
