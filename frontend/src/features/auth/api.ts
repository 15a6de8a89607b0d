import { useQuery } from "@tanstack/react-query";
import { config } from "../../config";
import { ApiError } from "../../lib/errors";
import type { RouterInputs, RouterOutputs } from "../../lib/router-types";
import { setAccessToken, setCsrfToken } from "../../lib/session";
import { trpc, trpcClient } from "../../lib/trpc";

// Every type here is the API router's own (inferRouterOutputs/Inputs): no hand-written copies.
export type TSession = RouterOutputs["auth"]["login"];
export type TUser = TSession["user"];
type TRegisterInput = Omit<RouterInputs["auth"]["register"], "mode">;
type TLoginInput = Omit<RouterInputs["auth"]["login"], "mode">;
type TUpdateInput = RouterInputs["users"]["updateMe"];

function acceptSession(out: unknown): TUser {
  const s = out as { user: TUser; accessToken?: string | null; csrfToken?: string };
  setAccessToken(s.accessToken ?? null);
  setCsrfToken(s.csrfToken);
  return s.user;
}

/** Creates an account and signs in. */
export async function register(input: TRegisterInput): Promise<TUser> {
  // BACKEND_HOOK: POST /api/auth/register
  // Browsers use cookie sessions: httpOnly tokens survive a reload and never touch script.
  return acceptSession(await trpcClient.auth.register.mutate({ ...input, mode: "cookie" }));
}

/** Signs in with email and password. */
export async function login(input: TLoginInput): Promise<TUser> {
  // BACKEND_HOOK: POST /api/auth/login
  return acceptSession(await trpcClient.auth.login.mutate({ ...input, mode: "cookie" }));
}

/** Ends the session on the server (revokes the refresh token, clears cookies) and forgets the access token. */
export async function logout(): Promise<void> {
  try {
    // BACKEND_HOOK: POST /api/auth/logout
    await trpcClient.auth.logout.mutate();
  } finally {
    setAccessToken(null);
    setCsrfToken(null);
  }
}

/** The signed-in user, or null when there is no session. auth.me may answer `user` or `{ user }`. */
export async function fetchMe(): Promise<TUser> {
  // BACKEND_HOOK: GET /api/auth/me
  const out = (await trpcClient.auth.me.query()) as TUser | { user: TUser };
  return "user" in out ? out.user : out;
}

export const meQueryKey = ["auth", "me"] as const;

/** The current session user; `data` is undefined while loading, the query errors with 401 when signed out. */
export function useMe() {
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, retry: false, staleTime: 60_000 });
}

/** Updates the profile or the password. */
export async function updateProfile(input: TUpdateInput): Promise<TUser> {
  // BACKEND_HOOK: PUT /api/users/me
  const out = (await trpcClient.users.updateMe.mutate(input)) as TUser | { user: TUser };
  return "user" in out ? out.user : out;
}

/** Deletes the account and everything in it. The API asks for the password as confirmation. */
export async function deleteAccount(confirmation: { password?: string } = {}): Promise<void> {
  // BACKEND_HOOK: DELETE /api/users/me
  await trpcClient.users.deleteMe.mutate({ password: confirmation.password });
  setAccessToken(null);
}

/** The OAuth providers the API has configured (the sign-in buttons); none is an empty list. */
export function useOAuthProviders() {
  // BACKEND_HOOK: GET /api/auth/providers
  return useQuery({ ...trpc.auth.providers.queryOptions(), staleTime: 5 * 60_000 });
}

/** Starts OAuth sign-in: the provider signs the user in, the API sets the session and sends the browser back. */
export async function startOAuthSignIn(provider: string): Promise<void> {
  const api = config.apiUrl || window.location.origin;
  // Auth.js wants a form POST carrying its own CSRF token (set as a cookie on the API's origin).
  // BACKEND_HOOK: GET /api/auth/oauth/csrf
  const res = await fetch(`${api}/api/auth/oauth/csrf`, { credentials: "include" });
  if (!res.ok) {
    throw new ApiError({
      error: "Sign-in with this provider is unavailable right now. Try again, or use your email.",
      code: res.status === 429 ? "RATE_LIMITED" : "SERVICE_UNAVAILABLE",
      retryable: true,
      status: res.status,
    });
  }
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const form = document.createElement("form");
  form.method = "POST";
  // BACKEND_HOOK: POST /api/auth/oauth/signin/{provider}
  form.action = `${api}/api/auth/oauth/signin/${encodeURIComponent(provider)}`;
  for (const [name, value] of Object.entries({ csrfToken, callbackUrl: `${api}/api/auth/oauth/complete` })) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}
