// The whole OAuth/OIDC redirect flow against a real OpenID provider (oidc-provider)
// on loopback: Auth.js discovery, PKCE + state + nonce, the provider's own login and
// consent pages, the code exchange, ID token validation, our account linking, and
// the hand-over to our own session cookies. Nothing in the protocol is mocked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieJar, registerTestUser } from "./auth-helpers";
import { startTestApi, type TestApi } from "./helpers";
import { type LoopbackIdp, startLoopbackIdp } from "./loopback-idp";

const FRONTEND = "http://localhost:5999";

let api: TestApi;
let idp: LoopbackIdp;
let issuer: string;

beforeAll(async () => {
  idp = await startLoopbackIdp();
  issuer = idp.issuer;
  api = await startTestApi({ env: { ...idp.apiEnv, FRONTEND_URL: FRONTEND, RATE_LIMIT_AUTH_MAX: "1000" } });
  idp.configure([`${api.url}/api/auth/oauth/callback/oidc`]);
});

afterAll(async () => {
  await api?.stop();
  await idp?.stop();
});

/**
 * Drives a browser through the flow: starts sign-in at the API, follows every
 * redirect, fills in the provider's login form as `login` and accepts consent,
 * and stops when the browser is sent to the web app. Returns where it landed.
 */
async function signInThroughProvider(
  jar: CookieJar,
  login: string,
  callbackUrl = `${api.url}/api/auth/oauth/complete`,
  opts: { cancel?: boolean } = {},
): Promise<URL> {
  const csrf = (await (await jar.fetch(`${api.url}/api/auth/oauth/csrf`)).json()) as { csrfToken: string };
  let res = await jar.fetch(`${api.url}/api/auth/oauth/signin/oidc`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken: csrf.csrfToken, callbackUrl }),
  });
  let url = `${api.url}/api/auth/oauth/signin/oidc`;
  const visited: string[] = [];
  for (let step = 0; step < 30; step++) {
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location")!, url).toString();
      visited.push(url);
      if (!url.startsWith(api.url) && !url.startsWith(issuer)) return new URL(url);
      res = await jar.fetch(url);
      continue;
    }
    const html = await res.text();
    if (res.status !== 200 || !url.startsWith(`${issuer}/interaction/`)) {
      throw new Error(`unexpected ${res.status} at ${url}: ${html.slice(0, 300)} (after ${visited.join(" → ")})`);
    }
    if (opts.cancel) {
      // The provider's "[ Cancel ]" link: the user declines, the provider answers access_denied.
      res = await jar.fetch(`${url}/abort`);
      continue;
    }
    const form: Record<string, string> | undefined = html.includes('value="login"')
      ? { prompt: "login", login, password: "any" }
      : html.includes('value="consent"')
        ? { prompt: "consent" }
        : undefined;
    if (!form) throw new Error(`no form to submit at ${url}`);
    res = await jar.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form),
    });
  }
  throw new Error(`too many redirects: ${visited.join(" → ")}`);
}

describe("sign-in with a generic OIDC provider (Auth.js)", () => {
  it("lists the configured provider", async () => {
    const res = await fetch(`${api.url}/api/auth/oauth/providers`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ oidc: { id: "oidc", name: "Loopback IdP", type: "oidc" } });
  });

  it("tells the web app which sign-in buttons to show (GET /api/auth/providers)", async () => {
    const res = await fetch(`${api.url}/api/auth/providers`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ providers: [{ id: "oidc", name: "Loopback IdP" }] });
  });

  it("creates the user on first sign-in and issues the same session as a password sign-in", async () => {
    const jar = new CookieJar();
    const landed = await signInThroughProvider(jar, "alice");
    expect(landed.origin).toBe(FRONTEND);
    expect(landed.searchParams.get("error")).toBeNull();

    // Our own cookies, not Auth.js's: httpOnly access + refresh, and the CSRF token.
    expect(jar.get(api.url, "coherence-access")).toBeTruthy();
    expect(jar.get(api.url, "coherence-refresh")).toBeTruthy();
    const csrf = jar.get(api.url, "coherence-csrf");
    expect(csrf).toBeTruthy();
    expect(jar.get(api.url, "authjs.session-token")).toBeUndefined();

    const me = await jar.fetch(`${api.url}/api/auth/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { email: "alice@example.test", name: "Alice Example", emailVerified: true, hasPassword: false },
      authenticatedBy: "cookie",
    });
    // The refresh family works like any other (CSRF included).
    const refreshed = await jar.fetch(`${api.url}/api/auth/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrf! },
      body: "{}",
    });
    expect(refreshed.status).toBe(200);
    const linked = await api.testDb.db
      .selectFrom("oauthAccounts")
      .select(["provider", "providerAccountId"])
      .where("email", "=", "alice@example.test")
      .execute();
    expect(linked).toEqual([{ provider: "oidc", providerAccountId: "alice" }]);
  });

  it("signing in again reuses the linked account", async () => {
    const landed = await signInThroughProvider(new CookieJar(), "alice");
    expect(landed.searchParams.get("error")).toBeNull();
    const users = await api.testDb.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "alice@example.test")
      .execute();
    expect(users).toHaveLength(1);
  });

  it("an unverified provider email never takes over an existing account; a verified one links to it", async () => {
    const victim = await registerTestUser(api, { email: "victim@example.test" });
    const refused = await signInThroughProvider(new CookieJar(), "mallory");
    expect(refused.pathname).toBe("/signin"); // the web app's sign-in route
    expect(refused.searchParams.get("error")).toMatch(/already exists/);
    expect(
      await api.testDb.db.selectFrom("oauthAccounts").where("providerAccountId", "=", "mallory").execute(),
    ).toEqual([]);

    const jar = new CookieJar();
    const landed = await signInThroughProvider(jar, "victim");
    expect(landed.searchParams.get("error")).toBeNull();
    const me = (await (await jar.fetch(`${api.url}/api/auth/me`)).json()) as { user: { id: string } };
    expect(me.user.id).toBe(victim.id);
    // The account's email had never been verified, so whoever registered it with a password
    // (possibly someone squatting the address) loses that password and its sessions.
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: victim.email, password: victim.password }),
    });
    expect(login.status).toBe(401);
    const refresh = await fetch(`${api.url}/api/auth/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken: victim.refreshToken }),
    });
    expect(refresh.status).toBe(401);
  });

  it("a user who cancels at the provider lands on the web app's /signin with a reason, signed out", async () => {
    const jar = new CookieJar();
    const landed = await signInThroughProvider(jar, "alice", undefined, { cancel: true });
    expect(landed.origin).toBe(FRONTEND);
    expect(landed.pathname).toBe("/signin");
    expect(landed.searchParams.get("error")).toMatch(/cancelled or refused/);
    expect(jar.get(api.url, "coherence-access")).toBeUndefined();
  });

  it("never redirects to a foreign site (no open redirect through callbackUrl)", async () => {
    const landed = await signInThroughProvider(new CookieJar(), "alice", "https://evil.example/steal");
    expect(landed.origin).toBe(FRONTEND);
  });

  it("rejects a callback that did not start here (no state/PKCE cookies)", async () => {
    const res = await fetch(`${api.url}/api/auth/oauth/callback/oidc?code=forged&state=forged`, { redirect: "manual" });
    expect(res.status).toBeGreaterThanOrEqual(300);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/error/);
  });
});

describe("OAuth rate limit", () => {
  it("sign-in starts and callbacks from one IP are limited with 429 and Retry-After", async () => {
    const limited = await startTestApi({
      env: { ...idp.apiEnv, RATE_LIMIT_AUTH_MAX: "2" },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${limited.url}/api/auth/oauth/callback/oidc?code=x&state=y`, { redirect: "manual" });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
          expect(await res.json()).toMatchObject({ code: "RATE_LIMITED", retryable: true });
        }
      }
      expect(statuses.slice(0, 4).every((s) => s !== 429)).toBe(true);
      expect(statuses[4]).toBe(429);
    } finally {
      await limited.stop();
    }
  });
});
