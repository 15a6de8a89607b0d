import type { AppRouter } from "@coherence/api/router";
import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpLink, type TRPCLink } from "@trpc/client";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import superjson from "superjson";
import { config } from "../config";
import { toApiError } from "./errors";
import { authHeaders, setAccessToken, setCsrfToken } from "./session";

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

/**
 * fetch for the tRPC link: sends cookies cross-origin, adds the Bearer and CSRF
 * headers, and on a 401 refreshes the session once and replays the request.
 */
export const apiFetch: typeof fetch = async (input, init) => {
  const send = () =>
    fetch(input, { ...init, credentials: "include", headers: { ...(init?.headers as object), ...authHeaders() } });
  const res = await send();
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  if (res.status !== 401 || /\/auth\.(refresh|login|register|logout)/.test(url)) return res;
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
