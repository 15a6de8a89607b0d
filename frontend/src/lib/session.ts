/**
 * Client-side session state. In browser mode the API keeps the session in
 * httpOnly cookies; the access token it also returns is kept in memory only
 * (never in localStorage, where any injected script could read it) and sent as
 * a Bearer token so that requests work even before cookies are set.
 */
let accessToken: string | null = null;
const listeners = new Set<() => void>();

export function getAccessToken(): string | null {
  return accessToken;
}

export function setAccessToken(token: string | null): void {
  accessToken = token;
  for (const l of listeners) l();
}

/**
 * Reads the CSRF cookie (double-submit token) the API sets for browser sessions:
 * `coherence-csrf`, or `__Host-coherence-csrf` in production.
 */
export function readCsrfToken(cookie: string = typeof document === "undefined" ? "" : document.cookie): string | null {
  for (const part of cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === "csrf" || k?.endsWith("coherence-csrf")) return decodeURIComponent(v.join("="));
  }
  return null;
}

let csrfFromBody: string | null = null;
/** Some responses carry the CSRF token in the body too (cross-origin deploys cannot read the API's cookie). */
export function setCsrfToken(token: string | null | undefined): void {
  csrfFromBody = token ?? null;
}

/** Headers every API call carries: the Bearer token when known, and the CSRF token. */
export function authHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const csrf = readCsrfToken() ?? csrfFromBody;
  if (csrf) headers["x-csrf-token"] = csrf;
  return headers;
}

/** Lets the session provider react when the token changes (sign-in, refresh, sign-out). */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
