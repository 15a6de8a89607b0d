import {
  beginLoginAttempt,
  clearLoginAttempts,
  type LoginAttempt,
  loginThrottlePolicy,
  recordLoginFailure,
} from "@coherence/core";
import { AppError } from "@coherence/shared";
import type { Context } from "../../trpc/context";
import { throwRateLimited } from "../../trpc/procedures";

/**
 * Runs one password check under the per-(account, client) throttle with increasing delays
 * (core/auth/login-throttle.ts): a client that must still wait gets 429 with Retry-After
 * before the password is even looked at; a wrong password counts against that client and
 * towards the account's alert ceiling; a right one clears that client's failures.
 * Sign-in and the password that confirms an account deletion share this budget.
 */
export async function withPasswordThrottle<T>(
  ctx: Context,
  opts: { account: string; check: () => Promise<T> },
): Promise<T> {
  const { db, config } = ctx.deps;
  const policy = loginThrottlePolicy(config);
  const attempt: LoginAttempt = { account: opts.account, client: ctx.ip ?? "unknown" };
  const gate = await beginLoginAttempt(db, { ...attempt, policy });
  if (!gate.allowed) throwRateLimited(ctx, "password:account-client", gate.retryAfterSeconds);
  try {
    const result = await opts.check();
    await clearLoginAttempts(db, attempt);
    return result;
  } catch (err) {
    if (err instanceof AppError && (err.code === "UNAUTHORIZED" || err.code === "FORBIDDEN")) {
      ctx.logger.warn({ ip: ctx.ip }, "wrong password");
      await recordLoginFailure(db, {
        ...attempt,
        policy,
        onAlert: (failures) =>
          ctx.logger.error(
            { account: attempt.account, failures, windowSeconds: policy.alertWindowSeconds },
            "an account's failed sign-ins from all clients reached the alert ceiling (nothing is locked)",
          ),
      });
    }
    throw err;
  }
}
