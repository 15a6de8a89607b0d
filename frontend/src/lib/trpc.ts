import type { AppRouter } from "@coherence/api/router";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpLink, type TRPCLink } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { config } from "../config";
import { toApiError } from "./errors";
import { authHeaders, hasCsrfToken, isCsrfFailure, needsCsrf, setAccessToken, setCsrfToken } from "./session";

export const trpcUrl = `${config.apiUrl}/trpc`;

let refreshing: Promise<boolean> | null = null;

/**
 * Asks the API for a new access token using the refresh cookie. Concurrent
 * 401s share one refresh. Returns whether the session is still alive.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      // BACKEND_HOOK: POST /api/auth/refresh
      const out = (await trpcClient.auth.refresh.mutate()) as {
        accessToken?: string;
        csrfToken?: string;
      } | null;
      if (out?.accessToken) setAccessToken(out.accessToken);
      if (out?.csrfToken) setCsrfToken(out.csrfToken);
      return true;
    } catch {
      setAccessToken(null);
      return false;
    } finally {
      setTimeout(() => {
        refreshing = null;
      }, 0);
    }
  })();
  return refreshing;
}

let fetchingCsrf: Promise<void> | null = null;

/**
 * Makes sure a CSRF token is at hand for a state change. A web app on another origin
 * than the API cannot read the API's CSRF cookie, and after a reload the token it got in
 * a response body is gone: the API hands it out again (authenticated by the refresh
 * cookie). With no browser session the API says 401 and there is nothing to send.
 */
export function ensureCsrfToken(opts: { force?: boolean } = {}): Promise<void> {
  if (hasCsrfToken() && !opts.force) return Promise.resolve();
  // A refused token is not worth sending again, not even to the endpoint that replaces it.
  if (opts.force) setCsrfToken(null);
  fetchingCsrf ??= (async () => {
    try {
      // BACKEND_HOOK: GET /api/auth/csrf
      setCsrfToken((await trpcClient.auth.csrf.query()).csrfToken);
    } catch {
      // Signed out: the request goes without a token and the API answers for itself.
    } finally {
      fetchingCsrf = null;
    }
  })();
  return fetchingCsrf;
}

// Calls that never carry a cookie session's CSRF check, or that mint the token themselves.
const NO_CSRF = /\/auth\.(login|register|csrf|providers)\b/;
// Calls after which a 401 must not trigger a refresh (they are the refresh, or would loop).
const NO_REFRESH = /\/auth\.(refresh|login|register|logout|csrf)\b/;

/**
 * fetch for the tRPC link: sends cookies cross-origin and adds the Bearer and CSRF
 * headers. Before a state change it recovers a missing CSRF token; on a CSRF refusal
 * it fetches a fresh token and replays once; on a 401 it refreshes the session once
 * and replays.
 */
export const apiFetch: typeof fetch = async (input, init) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const changesState = needsCsrf(init?.method) && !NO_CSRF.test(url);
  if (changesState) await ensureCsrfToken();
  const send = () =>
    fetch(input, { ...init, credentials: "include", headers: { ...(init?.headers as object), ...authHeaders() } });
  let res = await send();
  if (changesState && (await isCsrfFailure(res))) {
    await ensureCsrfToken({ force: true });
    res = await send();
  }
  if (res.status !== 401 || NO_REFRESH.test(url)) return res;
  return (await refreshSession()) ? send() : res;
};

const links: TRPCLink<AppRouter>[] = [httpLink({ url: trpcUrl, transformer: superjson, fetch: apiFetch })];

/** The typed tRPC client: every procedure on the API's router, with its input and output types. */
export const trpcClient = createTRPCClient<AppRouter>({ links });

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      retry: (count, err) => {
        const e = toApiError(err);
        return e.retryable && count < 2;
      },
      refetchOnWindowFocus: false,
    },
  },
});

/** TanStack Query options for every typed procedure: `useQuery(trpc.analytics.overview.queryOptions())`. */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
