import { findAccount, type Logger, verifyAccessToken } from "@coherence/core";
import type { Request, Response } from "express";
// pino-http's augmentation of Request (`req.id`, `req.log`), for programs that reach this file
// without the Express app that installs pino-http (a test importing only the router).
import type {} from "pino-http";
import { cookieNames, readCookie } from "../auth/cookies";
import type { AppDeps } from "../deps";
import { lazyLogger } from "./lazy-logger";

/** The signed-in user, as far as the access token says. */
export type SessionUser = { id: string; role: "user" | "admin" };

/** The per-request context every procedure receives. */
export type Context = {
  deps: AppDeps;
  logger: Logger;
  requestId: string;
  user: SessionUser | null;
  /**
   * How the user was authenticated. Cookies are sent by the browser on its own,
   * so cookie-authenticated state changes must also carry the CSRF token.
   */
  authVia?: "bearer" | "cookie";
  /** The sign-in (refresh family) the access token was minted for, when it names one. */
  sessionId?: string;
  /** The client's address (behind a trusted proxy, the forwarded one). */
  ip?: string;
  req?: Request;
  res?: Response;
};

/** Finds the access token: `Authorization: Bearer <jwt>` wins over the access cookie. */
export function findAccessToken(
  req: Request,
  deps: Pick<AppDeps, "config">,
): { token: string; via: "bearer" | "cookie" } | null {
  const header = req.headers.authorization;
  if (header?.startsWith("Bearer ")) return { token: header.slice(7).trim(), via: "bearer" };
  const cookie = readCookie(req, cookieNames(deps.config).access);
  return cookie ? { token: cookie, via: "cookie" } : null;
}

/**
 * Reads the access token (bearer header, else cookie) and returns the user it
 * names, or null. The user must still exist: a deleted account's unexpired
 * token stops working (at once on this instance, within the session cache's
 * TTL on others: see http/auth/session-cache.ts).
 */
export async function authenticateRequest(
  req: Request,
  deps: Pick<AppDeps, "config" | "db" | "authSecret"> & Partial<Pick<AppDeps, "sessions">>,
): Promise<{ user: SessionUser; via: "bearer" | "cookie"; sessionId?: string } | null> {
  const found = findAccessToken(req, deps);
  if (!found) return null;
  const cached = deps.sessions?.get(found.token);
  if (cached) return { user: { id: cached.id, role: cached.role }, via: found.via, sessionId: cached.sessionId };
  const claims = await verifyAccessToken(found.token, { secret: deps.authSecret });
  if (!claims) return null;
  const account = await findAccount(deps.db, claims.userId).catch((err: unknown) => {
    // A malformed subject (not a UUID) is simply not a user.
    if ((err as { code?: string })?.code === "22P02") return null;
    throw err;
  });
  if (!account) return null;
  // Admin only while both the token and the account say so: a demotion applies at once,
  // and a token minted with less privilege never gains more.
  const role = claims.role === "admin" && account.role === "admin" ? "admin" : "user";
  const user: SessionUser = { id: account.id, role };
  deps.sessions?.set(found.token, claims.sessionId ? { ...user, sessionId: claims.sessionId } : user);
  return { user, via: found.via, sessionId: claims.sessionId };
}

/** Builds the context from an Express request; the access log has already attached `req.log` and `req.id`. */
export function createContextFactory(deps: AppDeps) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<Context> => {
    const auth = await authenticateRequest(req, deps);
    const base = () => (req as Request & { log?: Logger }).log ?? deps.logger;
    return {
      deps,
      logger: lazyLogger(() => (auth ? base().child({ userId: auth.user.id }) : base())),
      requestId: String(req.id ?? ""),
      user: auth?.user ?? null,
      authVia: auth?.via,
      sessionId: auth?.sessionId,
      ip: req.ip ?? req.socket.remoteAddress ?? "unknown",
      req,
      res,
    };
  };
}

/** A context for direct calls (tests, the CLI): no HTTP request behind it. */
export function createInternalContext(deps: AppDeps, overrides: Partial<Context> = {}): Context {
  return { deps, logger: deps.logger, requestId: "internal", user: null, ...overrides };
}
