import { decodeJwt } from "jose";

/** What a verified access token resolved to: the user and their role, as stored. */
export type CachedSession = { id: string; role: "user" | "admin"; sessionId?: string };

export type SessionCache = {
  get(token: string): CachedSession | undefined;
  set(token: string, session: CachedSession): void;
  /** Drops every entry of a user (their account was deleted or changed here). */
  forgetUser(userId: string): void;
  readonly size: number;
};

/**
 * Remembers, per access token, the user it resolved to, for `ttlMs` at most (and never
 * past the token's own expiry), so that a user polling every second costs one signature
 * check and one account lookup per `ttlMs` instead of per request.
 *
 * Admins are never cached: a demotion applies at once. A deletion or demotion made on
 * this instance is applied at once through `forgetUser`; one made on another instance
 * applies here within `ttlMs`. Bounded: the oldest entries go first past `max`.
 */
export function createSessionCache(opts: { ttlMs: number; max: number; now?: () => number }): SessionCache {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { session: CachedSession; until: number }>();
  return {
    get(token) {
      const hit = entries.get(token);
      if (!hit) return undefined;
      if (hit.until <= now()) {
        entries.delete(token);
        return undefined;
      }
      return hit.session;
    },
    set(token, session) {
      if (opts.ttlMs <= 0 || session.role === "admin") return;
      let exp: number | undefined;
      try {
        exp = decodeJwt(token).exp;
      } catch {
        return; // verified tokens always decode; anything else is not worth keeping
      }
      const until = Math.min(now() + opts.ttlMs, exp === undefined ? Number.POSITIVE_INFINITY : exp * 1000);
      entries.delete(token);
      entries.set(token, { session, until });
      while (entries.size > opts.max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    forgetUser(userId) {
      for (const [token, e] of entries) if (e.session.id === userId) entries.delete(token);
    },
    get size() {
      return entries.size;
    },
  };
}
