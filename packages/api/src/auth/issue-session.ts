import {
  ACCESS_TOKEN_TTL_SECONDS,
  type AccountRow,
  type ClientMode,
  createCsrfToken,
  type IssuedSession,
  startSession,
} from "@coherence/core";
import type { Response } from "express";
import type { AppDeps } from "../deps";
import { setSessionCookies } from "./cookies";
import { toUserProfile } from "./profile";

/** The tokens in the shape both sign-in paths answer with. */
export function sessionBody(opts: {
  deps: AppDeps;
  res?: Response;
  account: AccountRow;
  session: IssuedSession;
  mode: ClientMode;
}) {
  const user = toUserProfile(opts.account);
  // Tokens (and the CSRF token) must never sit in a shared or browser cache (RFC 6749 §5.1).
  opts.res?.setHeader("Cache-Control", "no-store");
  const accessTokenExpiresAt = opts.session.accessTokenExpiresAt.toISOString();
  if (opts.mode === "cookie") {
    const csrfToken = createCsrfToken({ secret: opts.deps.authSecret, userId: opts.account.id });
    if (opts.res) setSessionCookies(opts.res, { config: opts.deps.config, session: opts.session, csrfToken });
    return { user, mode: "cookie" as const, csrfToken, accessTokenExpiresAt };
  }
  return {
    user,
    mode: "bearer" as const,
    tokenType: "Bearer" as const,
    accessToken: opts.session.accessToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    accessTokenExpiresAt,
    refreshToken: opts.session.refreshToken,
    refreshTokenExpiresAt: opts.session.refreshTokenExpiresAt.toISOString(),
  };
}

/**
 * Starts a session for an account that just proved who it is (password or
 * OAuth) and answers in the client's mode: cookies plus a CSRF token for
 * browsers, tokens in the body for API clients.
 */
export async function issueSession(opts: { deps: AppDeps; res?: Response; account: AccountRow; mode: ClientMode }) {
  const session = await startSession(opts.deps.db, {
    userId: opts.account.id,
    role: opts.account.role,
    mode: opts.mode,
    secret: opts.deps.authSecret,
  });
  return sessionBody({ ...opts, session });
}
