import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieLogin, registerTestUser } from "./auth-helpers";
import { startTestApi, type TestApi } from "./helpers";

// The web app's one question on load: "is anyone signed in?". A signed-out visitor must get
// a quiet 200, not the 401s (auth.me, then auth.csrf and auth.refresh) that browsers log as errors.

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ env: { RATE_LIMIT_AUTH_MAX: "1000" } });
});
afterAll(async () => {
  await api?.stop();
});

const json = { "content-type": "application/json" };

describe("GET /api/auth/session and tRPC auth.session", () => {
  it("answers a signed-out visitor 200 with signedIn false, over REST and tRPC", async () => {
    const rest = await fetch(`${api.url}/api/auth/session`);
    expect(rest.status).toBe(200);
    expect(await rest.json()).toEqual({ signedIn: false, user: null, canRefresh: false });
    const trpc = await fetch(`${api.url}/trpc/auth.session`);
    expect(trpc.status).toBe(200);
    expect(((await trpc.json()) as { result: { data: { json: unknown } } }).result.data.json).toEqual({
      signedIn: false,
      user: null,
      canRefresh: false,
    });
  });

  it("names the user for a bearer token and for a cookie session", async () => {
    const bearer = await registerTestUser(api, { name: "Bea" });
    const byBearer = await fetch(`${api.url}/api/auth/session`, { headers: bearer.auth });
    expect(await byBearer.json()).toMatchObject({ signedIn: true, canRefresh: false, user: { id: bearer.id } });
    const { user, jar } = await cookieLogin(api);
    expect(await (await jar.fetch(`${api.url}/api/auth/session`)).json()).toMatchObject({
      signedIn: true,
      user: { id: user.id, email: user.email },
    });
  });

  it("without a valid access cookie, says whether the refresh cookie can restore the session", async () => {
    const {
      jar,
      body: { csrfToken },
    } = await cookieLogin(api);
    const refreshOnly = `coherence-refresh=${jar.get(api.url, "coherence-refresh")}`;
    const probe = async () =>
      (await (await fetch(`${api.url}/api/auth/session`, { headers: { cookie: refreshOnly } })).json()) as {
        signedIn: boolean;
        canRefresh: boolean;
      };
    expect(await probe()).toEqual({ signedIn: false, user: null, canRefresh: true });
    // Once signed out, the old refresh cookie restores nothing: no refresh worth trying.
    await jar.fetch(`${api.url}/api/auth/logout`, {
      method: "POST",
      headers: { ...json, "x-csrf-token": csrfToken },
      body: "{}",
    });
    expect(await probe()).toEqual({ signedIn: false, user: null, canRefresh: false });
    const forged = await fetch(`${api.url}/api/auth/session`, { headers: { cookie: "coherence-refresh=forged" } });
    expect(await forged.json()).toEqual({ signedIn: false, user: null, canRefresh: false });
  });
});
