import { pendingMigrations } from "@coherence/core";

export type ReadinessAnswer = { ready: true } | { ready: false; pending: string[] };

/**
 * Readiness, made cheap enough for every load balancer to probe often. The migration
 * files cannot change under a running process, so their names are listed once (by the
 * caller, at start-up). "Nothing pending" is remembered for `refreshMs`: in between,
 * a probe costs one pooled `select 1` (which still proves the database answers). A
 * pending answer is not remembered, so the API turns ready as soon as a deploy's
 * migration lands. A query that throws (database down) is left to the caller: 503.
 */
export function createReadinessCheck(opts: {
  query: (sql: string) => Promise<{ rows: { name: string }[] }>;
  migrationNames: readonly string[];
  refreshMs: number;
  now?: () => number;
}): () => Promise<ReadinessAnswer> {
  const now = opts.now ?? Date.now;
  let allAppliedAt: number | undefined;
  return async () => {
    const t = now();
    if (allAppliedAt !== undefined && t - allAppliedAt < opts.refreshMs) {
      await opts.query("select 1");
      return { ready: true };
    }
    const pending = await pendingMigrations({ query: opts.query, names: opts.migrationNames });
    allAppliedAt = pending.length === 0 ? t : undefined;
    return pending.length === 0 ? { ready: true } : { ready: false, pending };
  };
}
