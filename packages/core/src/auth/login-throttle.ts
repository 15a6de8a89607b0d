import { sql } from "kysely";
import type { Config } from "../config";
import type { Database } from "../db/kysely";
import { loginAccountAlertsTotal } from "../observability/metrics";

/**
 * How password sign-in is slowed down, after OWASP's Authentication Cheat Sheet
 * ("Account Lockout"): failures are counted per (account, client), so a stranger guessing
 * someone's password from elsewhere never delays the owner, and past a few free failures
 * each attempt from that client waits longer (exponential back-off, capped). Across all
 * clients an account only raises an alert (a log line and a metric), never a lock-out.
 */
export type LoginThrottlePolicy = {
  /** Attempts a client may make on one account before delays start. */
  freeAttempts: number;
  /** The first delay; each further failed attempt doubles it, up to maxDelaySeconds. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** How long a client's failures on an account are remembered after its last attempt. */
  memorySeconds: number;
  /** Failures on one account, from every client within alertWindowSeconds, that raise an alert. */
  accountAlertFailures: number;
  alertWindowSeconds: number;
};

/** The policy from the configuration: RATE_LIMIT_AUTH_MAX also sizes the per-account budgets. */
export function loginThrottlePolicy(config: Pick<Config, "RATE_LIMIT_AUTH_MAX">): LoginThrottlePolicy {
  return {
    freeAttempts: Math.max(1, Math.ceil(config.RATE_LIMIT_AUTH_MAX / 2)),
    baseDelaySeconds: 30,
    maxDelaySeconds: 15 * 60,
    memorySeconds: 60 * 60,
    accountAlertFailures: config.RATE_LIMIT_AUTH_MAX * 5,
    alertWindowSeconds: 60 * 60,
  };
}

/** Who is trying which account: the normalised email (or user id) and the client's address. */
export type LoginAttempt = { account: string; client: string };

const pairKey = (a: LoginAttempt) => `login-throttle:${a.account}:${a.client}`;
const accountKey = (a: LoginAttempt) => `login-failures:${a.account}`;

/**
 * Counts one attempt of a client on an account, unless that client must still wait: then
 * nothing is counted and the answer says how long. Atomic (one upsert), so concurrent
 * guesses cannot slip past the count. Call before checking the password; on success call
 * `clearLoginAttempts`, on failure `recordLoginFailure`.
 */
export async function beginLoginAttempt(
  db: Database,
  opts: LoginAttempt & { policy: LoginThrottlePolicy },
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const p = opts.policy;
  // A row's last attempt was at expires_at - memory; its wait is base * 2^(attempts - free), capped.
  const wait = sql`least(${p.baseDelaySeconds}::float8 * power(2, r.points - ${p.freeAttempts}), ${p.maxDelaySeconds}::float8)`;
  const lastAttempt = sql`r.expires_at - make_interval(secs => ${p.memorySeconds})`;
  const counted = await sql<{ points: number }>`
    insert into rate_limits as r (key, points, expires_at)
    values (${pairKey(opts)}, 1, now() + make_interval(secs => ${p.memorySeconds}))
    on conflict (key) do update set
      points = case when r.expires_at <= now() then 1 else r.points + 1 end,
      expires_at = excluded.expires_at
    where r.expires_at <= now()
      or r.points < ${p.freeAttempts}
      or now() >= ${lastAttempt} + make_interval(secs => ${wait})
    returning points`.execute(db);
  if (counted.rows.length > 0) return { allowed: true };
  const { rows } = await sql<{ retryMs: number }>`
    select (extract(epoch from (${lastAttempt} + make_interval(secs => ${wait}) - now())) * 1000)::float8 as "retryMs"
    from rate_limits r where r.key = ${pairKey(opts)}`.execute(db);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((rows[0]?.retryMs ?? 1000) / 1000)) };
}

/** A successful sign-in forgets that client's failures on the account. */
export async function clearLoginAttempts(db: Database, attempt: LoginAttempt): Promise<void> {
  await db.deleteFrom("rateLimits").where("key", "=", pairKey(attempt)).execute();
}

/**
 * Counts a failure against the account from every client. The failure that reaches the
 * ceiling raises the alert (once per window); nothing is refused because of it.
 * Returns the account's failures in the current window.
 */
export async function recordLoginFailure(
  db: Database,
  opts: LoginAttempt & { policy: LoginThrottlePolicy; onAlert: (failures: number) => void },
): Promise<number> {
  const { rows } = await sql<{ points: number }>`
    insert into rate_limits as r (key, points, expires_at)
    values (${accountKey(opts)}, 1, now() + make_interval(secs => ${opts.policy.alertWindowSeconds}))
    on conflict (key) do update set
      points = case when r.expires_at <= now() then 1 else r.points + 1 end,
      expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end
    returning points`.execute(db);
  const failures = rows[0]?.points ?? 0;
  if (failures === opts.policy.accountAlertFailures) {
    loginAccountAlertsTotal.inc();
    opts.onAlert(failures);
  }
  return failures;
}
