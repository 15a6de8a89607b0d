import { consumeRateLimit, pruneRateLimits, verifyCsrfToken } from "@coherence/core";
import { AppError, CSRF_HEADER } from "@coherence/shared";
import { cookieNames, readCookie } from "../auth/cookies";
import type { Context } from "./context";
import { appErrorToTRPC } from "./errors";
import { t } from "./init";
import { findNulCharacter } from "./nul-guard";

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

/** Refuses a NUL character anywhere in the input (Postgres cannot store it) with a 400 naming the field. */
const refuseNulCharacters = t.middleware(async ({ next, getRawInput }) => {
  const path = findNulCharacter(await getRawInput().catch(() => undefined));
  if (path) {
    const message = "Must not contain NUL (\\u0000) characters.";
    throw new AppError("VALIDATION_FAILED", `Invalid input: ${path}: ${message}`, { issues: [{ path, message }] });
  }
  return next();
});

/** Open to everyone. */
export const publicProcedure = t.procedure.use(mapAppErrors).use(refuseNulCharacters);

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Enforces the signed double-submit CSRF check for a cookie-authenticated
 * state change: the X-CSRF-Token header must equal the CSRF cookie, and the
 * token must have been minted for `userId`. Bearer requests are exempt (a
 * browser never attaches an Authorization header on its own).
 */
export function assertCsrf(ctx: Context, userId: string): void {
  const names = cookieNames(ctx.deps.config);
  const header = ctx.req?.headers[CSRF_HEADER];
  const cookie = readCookie(ctx.req, names.csrf);
  if (
    typeof header !== "string" ||
    !cookie ||
    header !== cookie ||
    !verifyCsrfToken(header, { secret: ctx.deps.authSecret, userId })
  ) {
    throw new AppError(
      "CSRF_FAILED",
      `This request is authenticated by a cookie, so it must carry the ${CSRF_HEADER} header with the value of the ${names.csrf} cookie. Reload the page and try again.`,
    );
  }
}

/** True for calls that change state: mutations, or any request with an unsafe HTTP method. */
export function isStateChanging(ctx: Context, type: string): boolean {
  return type === "mutation" || (ctx.req !== undefined && !SAFE_METHODS.has(ctx.req.method));
}

/** A budget; `points` may depend on the configuration (read per request). */
export type Limit = { points: number | ((config: Context["deps"]["config"]) => number); windowSeconds: number };

const PRUNE_PROBABILITY = 0.005;

/** Counts one hit against each limit; the first exhausted one answers 429 with Retry-After. */
async function enforceLimits(ctx: Context, checks: { bucket: string; subject: string; limit: Limit }[]) {
  // Expired counters are reset on their next use; now and then sweep the ones never used again.
  if (Math.random() < PRUNE_PROBABILITY) {
    pruneRateLimits(ctx.deps.db).catch((err: unknown) => ctx.logger.warn({ err }, "rate-limit prune failed"));
  }
  for (const check of checks) {
    const result = await consumeRateLimit(ctx.deps.db, {
      bucket: check.bucket,
      subject: check.subject,
      points: typeof check.limit.points === "function" ? check.limit.points(ctx.deps.config) : check.limit.points,
      windowSeconds: check.limit.windowSeconds,
    });
    if (!result.allowed) throwRateLimited(ctx, check.bucket, result.retryAfterSeconds);
  }
}

/** Answers 429 RATE_LIMITED with Retry-After, and logs which limit refused the call. */
export function throwRateLimited(ctx: Context, bucket: string, retryAfterSeconds: number): never {
  ctx.logger.warn({ bucket, retryAfter: retryAfterSeconds }, "rate limited");
  throw new AppError(
    "RATE_LIMITED",
    `Too many requests. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`,
    { headers: { "Retry-After": String(retryAfterSeconds) } },
  );
}

/**
 * Requires a valid access token; `ctx.user` is non-null after it. Cookie-authenticated state
 * changes need CSRF. Exported so that the OpenAPI contract test can tell, from the router
 * itself, which operations need an access token.
 */
export const requireUser = t.middleware(async ({ ctx, next, type }) => {
  if (!ctx.user) throw new AppError("UNAUTHORIZED", "Sign in to continue: this request has no valid access token.");
  if (ctx.authVia === "cookie" && isStateChanging(ctx, type)) assertCsrf(ctx, ctx.user.id);
  // Every signed-in call counts against the user's general budget: decided in memory and
  // written in batches, so a read costs no extra database write (see createBatchedRateLimiter).
  const budget = ctx.deps.userBudget.consume({
    bucket: "api:user",
    subject: ctx.user.id,
    points: ctx.deps.config.RATE_LIMIT_API_MAX,
    windowSeconds: 60,
  });
  if (!budget.allowed) throwRateLimited(ctx, "api:user", budget.retryAfterSeconds);
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** Procedures for signed-in users only. */
export const authedProcedure = publicProcedure.use(requireUser);

/** Requires an admin. Anyone else gets the same 404 as for a missing resource. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new AppError("NOT_FOUND", "Not found.");
  return next();
});

export type RateLimitOptions = {
  /** Names the counters (for example "login"). */
  bucket: string;
  /** Per client IP. */
  perIp: Limit;
  /** Per signed-in user, when there is one. */
  perUser?: Limit;
};

/**
 * Adds Postgres-backed rate limits (shared by every API instance) to a procedure.
 * An exhausted limit answers 429 with Retry-After and the standard error body.
 *
 * @example rateLimited(publicProcedure, { bucket: "login", perIp: { points: 20, windowSeconds: 900 } })
 */
export function rateLimited<P extends typeof publicProcedure>(procedure: P, opts: RateLimitOptions): P {
  return procedure.use(async ({ ctx, next }) => {
    const checks: { bucket: string; subject: string; limit: Limit }[] = [
      { bucket: `${opts.bucket}:ip`, subject: ctx.ip ?? "unknown", limit: opts.perIp },
    ];
    if (opts.perUser && ctx.user) {
      checks.push({ bucket: `${opts.bucket}:user`, subject: ctx.user.id, limit: opts.perUser });
    }
    await enforceLimits(ctx, checks);
    return next();
  }) as P;
}
