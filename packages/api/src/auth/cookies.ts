import type { Config, IssuedSession } from "@coherence/core";
import { type SessionCookieNames, sessionCookieNames } from "@coherence/shared";
import { parseCookie } from "cookie";
import type { CookieOptions, Request, Response } from "express";

/** The session cookie names for this deployment (`__Host-` prefixed in production). */
export function cookieNames(config: Config): SessionCookieNames {
  return sessionCookieNames({ production: config.isProduction });
}

function baseOptions(config: Config): CookieOptions {
  return { secure: config.isProduction, sameSite: "lax", path: "/" };
}

/** Reads one cookie from the request. */
export function readCookie(req: Request | undefined, name: string): string | undefined {
  const header = req?.headers.cookie;
  if (!header) return undefined;
  return parseCookie(header)[name] || undefined;
}

/** Sets the browser-mode cookies: httpOnly access and refresh tokens, and the script-readable CSRF token. */
export function setSessionCookies(
  res: Response,
  opts: { config: Config; session: IssuedSession; csrfToken: string },
): void {
  const names = cookieNames(opts.config);
  const base = baseOptions(opts.config);
  res.cookie(names.access, opts.session.accessToken, {
    ...base,
    httpOnly: true,
    expires: opts.session.accessTokenExpiresAt,
  });
  res.cookie(names.refresh, opts.session.refreshToken, {
    ...base,
    httpOnly: true,
    expires: opts.session.refreshTokenExpiresAt,
  });
  // Readable by the web app's script so that it can echo it in the X-CSRF-Token header.
  res.cookie(names.csrf, opts.csrfToken, { ...base, httpOnly: false, expires: opts.session.refreshTokenExpiresAt });
}

/** Removes the browser-mode cookies (logout, failed refresh). */
export function clearSessionCookies(res: Response, config: Config): void {
  const names = cookieNames(config);
  const base = baseOptions(config);
  res.clearCookie(names.access, { ...base, httpOnly: true });
  res.clearCookie(names.refresh, { ...base, httpOnly: true });
  res.clearCookie(names.csrf, base);
}
