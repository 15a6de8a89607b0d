import { sql } from "kysely";
import type { Database } from "../db/kysely";
import type { RateLimitResult, RateLimitRule } from "./rate-limit";

type Counter = {
  /** The shared count (all instances) as of this instance's last flush. */
  shared: number;
  /** Hits taken here since the last flush. */
  pending: number;
  /** Hits being written by the flush in progress. */
  flushing: number;
  /** When the window ends (local guess until the first flush answers). */
  endsAt: number;
  windowSeconds: number;
};

export type BatchedRateLimiter = {
  /** Counts one hit; decided in memory, written to Postgres by the next flush. */
  consume: (opts: RateLimitRule & { subject: string }) => RateLimitResult;
  /** Writes pending hits now (also runs every `flushMs`). */
  flush: () => Promise<void>;
  /** Flushes and stops the timer. */
  stop: () => Promise<void>;
};

/**
 * A shared fixed-window budget that costs one statement per flush instead of one per
 * request. Each instance decides from the last shared count it saw plus its own hits since,
 * so one instance alone is exact, and N instances together can overshoot by at most what
 * the others took within one flush interval. Fit for a general per-user budget on every
 * signed-in call; limits against guessing (login, reset) stay on the exact per-request
 * `consumeRateLimit`, which writes to the same table.
 */
export function createBatchedRateLimiter(opts: {
  db: Database;
  flushMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}): BatchedRateLimiter {
  const now = opts.now ?? Date.now;
  const counters = new Map<string, Counter>();
  let inFlight: Promise<void> | undefined;

  const consume: BatchedRateLimiter["consume"] = (rule) => {
    const key = `${rule.bucket}:${rule.subject}`;
    const t = now();
    let c = counters.get(key);
    if (!c || c.endsAt <= t) {
      c = {
        shared: 0,
        pending: 0,
        flushing: 0,
        endsAt: t + rule.windowSeconds * 1000,
        windowSeconds: rule.windowSeconds,
      };
      counters.set(key, c);
    }
    c.pending += 1;
    const points = c.shared + c.flushing + c.pending;
    return {
      allowed: points <= rule.points,
      remaining: Math.max(0, rule.points - points),
      retryAfterSeconds: Math.max(1, Math.ceil((c.endsAt - t) / 1000)),
    };
  };

  async function writePending(): Promise<void> {
    const batch = [...counters.entries()].filter(([, c]) => c.pending > 0);
    const t = now();
    for (const [key, c] of counters) if (c.pending === 0 && c.flushing === 0 && c.endsAt <= t) counters.delete(key);
    if (batch.length === 0) return;
    for (const [, c] of batch) {
      c.flushing = c.pending;
      c.pending = 0;
    }
    try {
      // One upsert for every key: it resets expired windows and adds to live ones,
      // as consumeRateLimit does; a counter is not worth a disk flush either.
      const { rows } = await sql<{ key: string; points: number; retryMs: number }>`
        with relaxed as (select set_config('synchronous_commit', 'off', true)),
        hits as (
          select * from unnest(
            ${batch.map(([k]) => k)}::text[],
            ${batch.map(([, c]) => c.flushing)}::int[],
            ${batch.map(([, c]) => c.windowSeconds)}::int[]
          ) as h(key, cost, window_seconds)
        )
        insert into rate_limits as r (key, points, expires_at)
        select key, cost, now() + make_interval(secs => window_seconds) from hits, relaxed
        on conflict (key) do update set
          points = case when r.expires_at <= now() then excluded.points else r.points + excluded.points end,
          expires_at = case when r.expires_at <= now() then excluded.expires_at else r.expires_at end
        returning key, points, (extract(epoch from (expires_at - now())) * 1000)::float8 as "retryMs"`.execute(opts.db);
      const after = now();
      for (const row of rows) {
        const c = counters.get(row.key);
        if (!c) continue;
        // The shared count now includes what this flush wrote; hits taken meanwhile stay pending.
        c.shared = row.points;
        c.flushing = 0;
        c.endsAt = after + row.retryMs;
      }
    } catch (err) {
      // Keep the hits for the next flush rather than forgetting them.
      for (const [, c] of batch) {
        c.pending += c.flushing;
        c.flushing = 0;
      }
      opts.onError?.(err);
    }
  }

  const flush = async (): Promise<void> => {
    if (inFlight) await inFlight;
    inFlight = writePending().finally(() => {
      inFlight = undefined;
    });
    await inFlight;
  };

  const timer = setInterval(() => void flush(), opts.flushMs ?? 1000);
  timer.unref();

  return {
    consume,
    flush,
    stop: async () => {
      clearInterval(timer);
      await flush();
    },
  };
}
