import { CSRF_COOKIE_NAMES, CSRF_HEADER } from "@coherence/shared";

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

/** Reads the CSRF cookie (double-submit token) the API sets for browser sessions, named as in either environment. */
export function readCsrfToken(cookie: string = typeof document === "undefined" ? "" : document.cookie): string | null {
  for (const part of cookie.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === "csrf" || (k !== undefined && CSRF_COOKIE_NAMES.includes(k))) return decodeURIComponent(v.join("="));
  }
  return null;
}

let csrfFromBody: string | null = null;
/** Some responses carry the CSRF token in the body too (cross-origin deploys cannot read the API's cookie). */
export function setCsrfToken(token: string | null | undefined): void {
  csrfFromBody = token ?? null;
}

/** Whether a CSRF token is known (readable cookie on a same-origin deploy, or one the API sent). */
export function hasCsrfToken(): boolean {
  return (readCsrfToken() ?? csrfFromBody) !== null;
}

/** State-changing HTTP methods: the ones the API checks the CSRF token on. */
export function needsCsrf(method: string | undefined): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes((method ?? "GET").toUpperCase());
}

/**
 * Whether the API refused a request for its CSRF token (403 CSRF_FAILED), in a tRPC
 * body (`{ error: { json: { data: { code } } } }`, superjson) or a REST one (`{ code }`).
 */
export async function isCsrfFailure(res: Response): Promise<boolean> {
  if (res.status !== 403) return false;
  try {
    const body = (await res.clone().json()) as {
      code?: string;
      error?: { json?: { data?: { code?: string } }; data?: { code?: string } };
    };
    return (body.error?.json?.data?.code ?? body.error?.data?.code ?? body.code) === "CSRF_FAILED";
  } catch {
    return false;
  }
}

/** Headers every API call carries: the Bearer token when known, and the CSRF token. */
export function authHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const csrf = readCsrfToken() ?? csrfFromBody;
  if (csrf) headers[CSRF_HEADER] = csrf;
  return headers;
}

/** Lets the session provider react when the token changes (sign-in, refresh, sign-out). */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
