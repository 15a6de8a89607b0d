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
