/** A response body kept for a version of a resource, with the headers that describe it. */
export type CachedResponse = { etag: string; body: string; contentType: string };

export type ResponseCache = {
  /** The entry for `key`, only if it was stored for this `etag` (an older version is a miss). */
  get: (key: string, etag: string) => CachedResponse | undefined;
  set: (key: string, entry: CachedResponse) => void;
  /** Bytes held (bodies, counted as UTF-16 code units × 2, plus keys). */
  size: () => number;
};

const cost = (key: string, entry: CachedResponse) => 2 * (key.length + entry.body.length + entry.etag.length) + 64;

/**
 * Least-recently-used response bodies, bounded by bytes rather than entries (a results body
 * is ~40 kB, an analytics one ~2 kB). Entries are never wrong, only old: each is stored with
 * the entity tag of its version, and a lookup for any other version misses.
 */
export function createResponseCache(opts: { maxBytes: number }): ResponseCache {
  const entries = new Map<string, CachedResponse>();
  let bytes = 0;
  const remove = (key: string) => {
    const old = entries.get(key);
    if (!old) return;
    entries.delete(key);
    bytes -= cost(key, old);
  };
  return {
    get(key, etag) {
      const entry = entries.get(key);
      if (!entry || entry.etag !== etag) return undefined;
      // Map keeps insertion order: re-inserting makes this the most recently used.
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    set(key, entry) {
      remove(key);
      const c = cost(key, entry);
      if (c > opts.maxBytes) return;
      entries.set(key, entry);
      bytes += c;
      for (const oldest of entries.keys()) {
        if (bytes <= opts.maxBytes) break;
        remove(oldest);
      }
    },
    size: () => bytes,
  };
}
