import type { Database } from "../db/kysely";

/** How long a read of the scoring settings is reused before the database is asked again. */
export const THRESHOLDS_CACHE_TTL_MS = 10_000;

export type CacheOptions = { ttlMs?: number; now?: () => number };

/**
 * A per-database cache around `read` for the scoring settings (thresholds, bands, tier bounds). One
 * entry per database handle, so the API's and the worker's handles (and each test database) cache
 * independently; a change made in another process is seen at the latest one TTL later.
 */
export function ttlCached<T>(read: (db: Database) => Promise<T>) {
  const cache = new WeakMap<Database, { value: T; fetchedAt: number }>();
  return {
    async get(db: Database, opts: CacheOptions = {}): Promise<T> {
      const now = (opts.now ?? Date.now)();
      const hit = cache.get(db);
      const age = hit ? now - hit.fetchedAt : -1;
      if (hit && age >= 0 && age < (opts.ttlMs ?? THRESHOLDS_CACHE_TTL_MS)) return hit.value;
      const value = await read(db);
      cache.set(db, { value, fetchedAt: now });
      return value;
    },
    invalidate(db: Database): void {
      cache.delete(db);
    },
  };
}
