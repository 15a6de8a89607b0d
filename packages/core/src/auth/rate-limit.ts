import { sql } from "kysely";
import type { Database } from "../db/kysely";

export type RateLimitRule = {
  /** Names the counter (for example "login:ip"). */
  bucket: string;
  /** Requests allowed per window. */
  points: number;
  windowSeconds: number;
};

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterSeconds: number };

/**
 * Counts one request against a fixed-window counter in Postgres, so every API
 * instance shares the same budget. A single upsert both resets an expired window
 * and increments a live one, so concurrent requests cannot both slip through.
 * Durability is relaxed for this statement only (see below); uploads and every
 * other write keep synchronous commits.
 */
export async function consumeRateLimit(
  db: Database,
  opts: RateLimitRule & { subject: string; cost?: number },
): Promise<RateLimitResult> {
  const key = `${opts.bucket}:${opts.subject}`;
  const cost = opts.cost ?? 1;
  // A counter is not worth a disk flush: committing without waiting for the WAL
  // (synchronous_commit off, for this one statement's transaction) can at worst forget
  // a few hits if Postgres crashes, and makes every signed-in request cheaper.
  const { rows } = await sql<{ points: number; retryMs: number }>`
    with relaxed as (select set_config('synchronous_commit', 'off', true))
    insert into rate_limits as r (key, points, expires_at)
    select ${key}, ${cost}, now() + make_interval(secs => ${opts.windowSeconds}) from relaxed
    on conflict (key) do update set
      points = case when r.expires_at <= now() then excluded.points else r.points + excluded.points end,
      expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end
    returning points, (extract(epoch from (expires_at - now())) * 1000)::float8 as "retryMs"`.execute(db);
  const row = rows[0]!;
  const allowed = row.points <= opts.points;
  return {
    allowed,
    remaining: Math.max(0, opts.points - row.points),
    retryAfterSeconds: Math.max(1, Math.ceil(row.retryMs / 1000)),
  };
}

/** Deletes expired counters (run now and then; expired rows are also reset on their next use). */
export async function pruneRateLimits(db: Database): Promise<number> {
  const r = await db.deleteFrom("rateLimits").where("expiresAt", "<=", sql<Date>`now()`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
