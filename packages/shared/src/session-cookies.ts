/** The header a cookie-authenticated client echoes the CSRF cookie in (double submit); lower case, as Node reads it. */
export const CSRF_HEADER = "x-csrf-token";

/** The browser session's cookies: httpOnly access and refresh tokens, and the script-readable CSRF token. */
export type SessionCookieNames = { access: string; refresh: string; csrf: string };

/**
 * The session cookie names. In production they carry the `__Host-` prefix, which browsers
 * accept only with Secure, Path=/ and no Domain: a sibling subdomain cannot plant or
 * overwrite them.
 */
export function sessionCookieNames(opts: { production: boolean }): SessionCookieNames {
  const prefix = opts.production ? "__Host-coherence" : "coherence";
  return { access: `${prefix}-access`, refresh: `${prefix}-refresh`, csrf: `${prefix}-csrf` };
}

/** The CSRF cookie's name in either environment (the web app does not know which the API runs in). */
export const CSRF_COOKIE_NAMES: readonly string[] = [
  sessionCookieNames({ production: false }).csrf,
  sessionCookieNames({ production: true }).csrf,
];
