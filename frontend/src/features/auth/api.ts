import { useQuery } from "@tanstack/react-query";
import { config } from "../../config";
import type { InputOf, OutputOf } from "../../lib/router-types";
import { setAccessToken, setCsrfToken } from "../../lib/session";
import { untypedClient } from "../../lib/trpc";

// SWITCH_ON_MERGE (auth branch, issue 3): these calls go through `untypedClient` because
// auth.* and users.* are not on AppRouter yet. Their types already come from the router
// once it has them (OutputOf/InputOf); after the merge, replace `untypedClient.query("auth.me")`
// with `trpcClient.auth.me.query()` and so on, and delete the fallback types below.

/** Fallback until auth.* lands: the public user as the product spec describes it. */
export type TUserFallback = {
  id: string;
  email: string;
  name: string;
  role?: "user" | "admin";
  createdAt?: string | Date;
};
type TSessionFallback = { user: TUserFallback; accessToken: string; refreshToken?: string; csrfToken?: string };

export type TSession = OutputOf<"auth", "login", TSessionFallback>;
export type TUser = TSession extends { user: infer U } ? U : TUserFallback;
type TRegisterInput = InputOf<"auth", "register", { email: string; password: string; name: string }>;
type TLoginInput = InputOf<"auth", "login", { email: string; password: string }>;
type TUpdateInput = InputOf<
  "users",
  "update",
  { name?: string; email?: string; currentPassword?: string; newPassword?: string }
>;

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
  return acceptSession(await untypedClient.mutation("auth.register", { ...input, mode: "cookie" }));
}

/** Signs in with email and password. */
export async function login(input: TLoginInput): Promise<TUser> {
  // BACKEND_HOOK: POST /api/auth/login
  return acceptSession(await untypedClient.mutation("auth.login", { ...input, mode: "cookie" }));
}

/** Ends the session on the server (revokes the refresh token, clears cookies) and forgets the access token. */
export async function logout(): Promise<void> {
  try {
    // BACKEND_HOOK: POST /api/auth/logout
    await untypedClient.mutation("auth.logout", undefined);
  } finally {
    setAccessToken(null);
    setCsrfToken(null);
  }
}

/** The signed-in user, or null when there is no session. auth.me may answer `user` or `{ user }`. */
export async function fetchMe(): Promise<TUser> {
  // BACKEND_HOOK: GET /api/auth/me
  const out = (await untypedClient.query("auth.me", undefined)) as TUser | { user: TUser };
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
  const out = (await untypedClient.mutation("users.updateMe", input)) as TUser | { user: TUser };
  return "user" in out ? out.user : out;
}

/** Deletes the account and everything in it. The API asks for the password as confirmation. */
export async function deleteAccount(_confirmation: { password?: string } = {}): Promise<void> {
  // BACKEND_HOOK: DELETE /api/users/me
  await untypedClient.mutation("users.deleteMe", undefined);
  setAccessToken(null);
}

/** Where an OAuth button sends the browser (the API redirects back to the app). */
export function oauthStartUrl(provider: string): string {
  // BACKEND_HOOK: GET /api/auth/oauth/{provider}
  return `${config.apiUrl}/api/auth/oauth/${encodeURIComponent(provider)}?redirect=${encodeURIComponent(window.location.origin)}`;
}
