import { signAccessToken } from "@coherence/core";
import { SignJWT, UnsecuredJWT } from "jose";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CookieJar, registerTestUser, TEST_PASSWORD } from "./auth-helpers";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ env: { RATE_LIMIT_AUTH_MAX: "1000", CORS_ORIGINS: "https://app.example" } });
});
afterAll(async () => {
  await api?.stop();
});

const json = { "content-type": "application/json" };

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return await fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
  });
}

describe("OAuth providers", () => {
  it("lists none when no provider is configured: the web app shows no OAuth buttons", async () => {
    const res = await fetch(`${api.url}/api/auth/providers`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ providers: [] });
  });
});

describe("register and login (bearer mode)", () => {
  it("registers, then signs in, and the access token works on /api/auth/me and /api/users/me", async () => {
    const user = await registerTestUser(api, { name: "Ada" });
    const login = await post("/api/auth/login", { email: user.email.toUpperCase(), password: user.password });
    expect(login.status).toBe(200);
    const body = (await login.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ mode: "bearer", tokenType: "Bearer", expiresIn: 900, user: { email: user.email } });
    expect(login.headers.get("cache-control")).toBe("no-store");
    expect(JSON.stringify(body)).not.toContain("passwordHash");
    for (const path of ["/api/auth/me", "/api/v1/auth/me"]) {
      const me = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${body.accessToken}` } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ user: { id: user.id, name: "Ada" }, authenticatedBy: "bearer" });
    }
    const profile = await fetch(`${api.url}/api/users/me`, { headers: user.auth });
    expect(await profile.json()).toMatchObject({ id: user.id, emailVerified: false, hasPassword: true });
  });

  it("stores the password as argon2id, never in clear", async () => {
    const user = await registerTestUser(api);
    const row = await api.testDb.db
      .selectFrom("users")
      .select("passwordHash")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses a wrong password and an unknown email with the same answer", async () => {
    const user = await registerTestUser(api);
    const wrong = await post("/api/auth/login", { email: user.email, password: "not the password at all" });
    const unknown = await post("/api/auth/login", { email: "nobody@example.test", password: "whatever-it-is" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("refuses a second account with the same email (any case) with 409", async () => {
    const user = await registerTestUser(api);
    const res = await post("/api/auth/register", { email: user.email.toUpperCase(), password: TEST_PASSWORD });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "CONFLICT" });
  });
});

describe("invalid input to each auth endpoint is a 400 naming the field", () => {
  const cases: { path: string; body: unknown; field: string; says?: RegExp }[] = [
    { path: "/api/auth/register", body: { email: "nope", password: TEST_PASSWORD }, field: "email" },
    { path: "/api/auth/register", body: { email: "a@example.test", password: "short" }, field: "password", says: /10/ },
    {
      path: "/api/auth/register",
      body: { email: "a@example.test", password: "password123" },
      field: "password",
      says: /too common/,
    },
    {
      path: "/api/auth/register",
      body: { email: "a@example.test", password: TEST_PASSWORD, mode: "x" },
      field: "mode",
    },
    { path: "/api/auth/login", body: { email: "a@example.test" }, field: "password" },
    { path: "/api/auth/login", body: { email: 42, password: "x" }, field: "email" },
    { path: "/api/auth/refresh", body: { refreshToken: "" }, field: "refreshToken" },
    { path: "/api/auth/logout", body: { refreshToken: "x".repeat(500) }, field: "refreshToken" },
  ];
  for (const c of cases) {
    it(`${c.path} ${JSON.stringify(c.body).slice(0, 60)} → 400 on ${c.field}`, async () => {
      const res = await post(c.path, c.body);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: string; error: string; issues: { path: string; message: string }[] };
      expect(body.code).toBe("VALIDATION_FAILED");
      expect(body.issues.map((i) => i.path)).toContain(c.field);
      expect(body.error).toContain(c.field);
      if (c.says) expect(body.error).toMatch(c.says);
    });
  }

  it("PUT /api/users/me names the field too", async () => {
    const user = await registerTestUser(api);
    const res = await fetch(`${api.url}/api/users/me`, {
      method: "PUT",
      headers: { ...json, ...user.auth },
      body: JSON.stringify({ email: "not-an-email" }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("email");
  });
});

describe("access tokens over HTTP", () => {
  const claims = (sub: string) => ({ role: "user", sub, iss: "coherence", aud: "coherence-api" });

  async function meWith(token: string) {
    return await fetch(`${api.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  }

  it("accepts a valid token and rejects a tampered, expired, wrong-algorithm, alg:none or foreign-key token", async () => {
    const user = await registerTestUser(api);
    expect((await meWith(user.accessToken)).status).toBe(200);

    const [h, p, s] = user.accessToken.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
    payload.role = "admin";
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`;
    const expired = await signAccessToken(
      { userId: user.id, role: "user" },
      { secret: TEST_AUTH_SECRET, ttlSeconds: 60, now: new Date(Date.now() - 3600_000) },
    );
    const hs512 = await new SignJWT(claims(user.id))
      .setProtectedHeader({ alg: "HS512" })
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode(TEST_AUTH_SECRET));
    const none = new UnsecuredJWT(claims(user.id)).setExpirationTime("10m").encode();
    const foreign = await signAccessToken({ userId: user.id, role: "user" }, { secret: "x".repeat(40) });
    for (const [label, token] of Object.entries({ tampered, expired, hs512, none, foreign, garbage: "abc" })) {
      const res = await meWith(token);
      expect(res.status, label).toBe(401);
      expect(await res.json(), label).toMatchObject({ code: "UNAUTHORIZED", retryable: false });
    }
  });

  it("a valid token for an account that no longer exists is refused", async () => {
    const user = await registerTestUser(api);
    await api.testDb.db.deleteFrom("users").where("id", "=", user.id).execute();
    expect((await meWith(user.accessToken)).status).toBe(401);
  });
});

describe("refresh tokens", () => {
  it("rotate on every use; the old one stops working", async () => {
    const user = await registerTestUser(api);
    const first = await post("/api/auth/refresh", { refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    const next = (await first.json()) as { refreshToken: string; accessToken: string };
    expect(next.refreshToken).not.toBe(user.refreshToken);
    expect(
      (await fetch(`${api.url}/api/auth/me`, { headers: { authorization: `Bearer ${next.accessToken}` } })).status,
    ).toBe(200);
    const stored = await api.testDb.db.selectFrom("refreshTokens").select("tokenHash").execute();
    expect(stored.map((r) => r.tokenHash).join()).not.toContain(next.refreshToken);
  });

  it("reuse of a rotated token revokes the whole family, including the newest token", async () => {
    const user = await registerTestUser(api);
    const rotated = (await (await post("/api/auth/refresh", { refreshToken: user.refreshToken })).json()) as {
      refreshToken: string;
    };
    // The thief replays the old token...
    const replay = await post("/api/auth/refresh", { refreshToken: user.refreshToken });
    expect(replay.status).toBe(401);
    // ...and the legitimate client's newer token dies with the family.
    const legit = await post("/api/auth/refresh", { refreshToken: rotated.refreshToken });
    expect(legit.status).toBe(401);
    const family = await api.testDb.db
      .selectFrom("refreshTokenFamilies")
      .select(["revokedReason"])
      .where("userId", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(family.revokedReason).toBe("reuse");
  });

  it("logout revokes the family; other sign-ins stay valid", async () => {
    const user = await registerTestUser(api);
    const other = (await (await post("/api/auth/login", { email: user.email, password: user.password })).json()) as {
      refreshToken: string;
    };
    const out = await post("/api/auth/logout", { refreshToken: user.refreshToken });
    expect(out.status).toBe(200);
    expect((await post("/api/auth/refresh", { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await post("/api/auth/refresh", { refreshToken: other.refreshToken })).status).toBe(200);
  });

  it("bearer logout with only the access token ({} or no body at all) revokes that sign-in (issue 13)", async () => {
    for (const body of ["{}", undefined]) {
      const user = await registerTestUser(api);
      const other = (await (await post("/api/auth/login", { email: user.email, password: user.password })).json()) as {
        refreshToken: string;
      };
      const out = await fetch(`${api.url}/api/auth/logout`, {
        method: "POST",
        headers: body === undefined ? user.auth : { ...json, ...user.auth },
        body,
      });
      expect(out.status, `body ${body}`).toBe(200);
      expect(await out.json()).toEqual({ signedOut: true });
      expect((await post("/api/auth/refresh", { refreshToken: user.refreshToken })).status, `body ${body}`).toBe(401);
      // Only that sign-in ends.
      expect((await post("/api/auth/refresh", { refreshToken: other.refreshToken })).status).toBe(200);
    }
  });

  it("logout over tRPC with only the access token revokes that sign-in too", async () => {
    const user = await registerTestUser(api);
    const out = await fetch(`${api.url}/trpc/auth.logout`, { method: "POST", headers: { ...json, ...user.auth } });
    expect(out.status).toBe(200);
    expect((await post("/api/auth/refresh", { refreshToken: user.refreshToken })).status).toBe(401);
  });

  it("of two concurrent refreshes with one token exactly one wins, and the family is revoked", async () => {
    const user = await registerTestUser(api);
    const results = await Promise.all(
      [1, 2].map(() => post("/api/auth/refresh", { refreshToken: user.refreshToken }).then((r) => r.status)),
    );
    expect(results.sort()).toEqual([200, 401]);
    const family = await api.testDb.db
      .selectFrom("refreshTokenFamilies")
      .select("revokedReason")
      .where("userId", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(family.revokedReason).toBe("reuse");
  });

  it("an expired refresh token, or one from an expired family, is a 401", async () => {
    const a = await registerTestUser(api);
    await sql`update refresh_tokens set expires_at = now() - interval '1 second' where family_id in (select id from refresh_token_families where user_id = ${a.id})`.execute(
      api.testDb.db,
    );
    expect((await post("/api/auth/refresh", { refreshToken: a.refreshToken })).status).toBe(401);
    const b = await registerTestUser(api);
    await sql`update refresh_token_families set expires_at = now() - interval '1 second' where user_id = ${b.id}`.execute(
      api.testDb.db,
    );
    expect((await post("/api/auth/refresh", { refreshToken: b.refreshToken })).status).toBe(401);
  });

  it("an unknown refresh token is a 401", async () => {
    expect((await post("/api/auth/refresh", { refreshToken: "made-up" })).status).toBe(401);
    expect((await post("/api/auth/refresh", {})).status).toBe(401);
  });
});

describe("browser mode: cookies and CSRF", () => {
  async function browserLogin() {
    const user = await registerTestUser(api);
    const jar = new CookieJar();
    const res = await jar.fetch(`${api.url}/api/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email: user.email, password: user.password, mode: "cookie" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { csrfToken: string; accessToken?: string; refreshToken?: string };
    return { user, jar, res, body };
  }

  it("sets httpOnly SameSite=Lax cookies and returns no tokens in the body", async () => {
    const { res, body, jar } = await browserLogin();
    expect(body.accessToken).toBeUndefined();
    expect(body.refreshToken).toBeUndefined();
    const cookies = res.headers.getSetCookie();
    const access = cookies.find((c) => c.startsWith("coherence-access="))!;
    const refresh = cookies.find((c) => c.startsWith("coherence-refresh="))!;
    const csrf = cookies.find((c) => c.startsWith("coherence-csrf="))!;
    for (const c of [access, refresh]) {
      expect(c).toMatch(/HttpOnly/i);
      expect(c).toMatch(/SameSite=Lax/i);
    }
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(jar.get(api.url, "coherence-csrf")).toBe(body.csrfToken);
    // Not production (plain http in tests): no Secure flag, no __Host- prefix.
    expect(access).not.toMatch(/Secure/i);
  });

  it("a cookie GET works without CSRF; a cookie state change without the CSRF header is refused", async () => {
    const { jar, body } = await browserLogin();
    const me = await jar.fetch(`${api.url}/api/auth/me`);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ authenticatedBy: "cookie" });

    const put = (headers: Record<string, string>) =>
      jar.fetch(`${api.url}/api/users/me`, {
        method: "PUT",
        headers: { ...json, ...headers },
        body: JSON.stringify({ name: "Changed" }),
      });
    const missing = await put({});
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ code: "CSRF_FAILED", retryable: false });
    const wrong = await put({ "x-csrf-token": `${body.csrfToken}x` });
    expect(wrong.status).toBe(403);
    const ok = await put({ "x-csrf-token": body.csrfToken });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ user: { name: "Changed" } });
  });

  it("over tRPC too: a cookie mutation without CSRF is refused", async () => {
    const { jar, body } = await browserLogin();
    const call = (headers: Record<string, string>) =>
      jar.fetch(`${api.url}/trpc/users.updateMe`, {
        method: "POST",
        headers: { ...json, ...headers },
        body: JSON.stringify({ json: { name: "Via tRPC" } }),
      });
    expect((await call({})).status).toBe(403);
    expect((await call({ "x-csrf-token": body.csrfToken })).status).toBe(200);
  });

  it("a CSRF token minted for another account does not validate", async () => {
    const a = await browserLogin();
    const b = await browserLogin();
    // The attacker plants their own (valid for them) token as the victim's CSRF cookie and header.
    const res = await fetch(`${api.url}/api/users/me`, {
      method: "PUT",
      headers: {
        ...json,
        cookie: `coherence-access=${a.jar.get(api.url, "coherence-access")}; coherence-csrf=${b.body.csrfToken}`,
        "x-csrf-token": b.body.csrfToken,
      },
      body: JSON.stringify({ name: "Pwned" }),
    });
    expect(res.status).toBe(403);
  });

  it("refresh by cookie needs CSRF, rotates the cookies, and logout clears them and revokes the family", async () => {
    const { jar, body } = await browserLogin();
    const oldRefresh = jar.get(api.url, "coherence-refresh");
    expect((await jar.fetch(`${api.url}/api/auth/refresh`, { method: "POST", headers: json, body: "{}" })).status).toBe(
      403,
    );
    const refreshed = await jar.fetch(`${api.url}/api/auth/refresh`, {
      method: "POST",
      headers: { ...json, "x-csrf-token": body.csrfToken },
      body: "{}",
    });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { csrfToken: string; mode: string };
    expect(next.mode).toBe("cookie");
    expect(jar.get(api.url, "coherence-refresh")).not.toBe(oldRefresh);

    const out = await jar.fetch(`${api.url}/api/auth/logout`, {
      method: "POST",
      headers: { ...json, "x-csrf-token": next.csrfToken },
      body: "{}",
    });
    expect(out.status).toBe(200);
    expect(jar.get(api.url, "coherence-refresh")).toBeUndefined();
    expect((await jar.fetch(`${api.url}/api/auth/me`)).status).toBe(401);
  });

  it("GET /api/auth/csrf hands the token back to a web app that cannot read the cookie", async () => {
    const { jar, body } = await browserLogin();
    const res = await jar.fetch(`${api.url}/api/auth/csrf`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ csrfToken: body.csrfToken });
    // A planted CSRF cookie (another account's token) is replaced by one for this session.
    const planted = (await browserLogin()).body.csrfToken;
    const cookies = `coherence-refresh=${jar.get(api.url, "coherence-refresh")}; coherence-csrf=${planted}`;
    const fresh = (await (await fetch(`${api.url}/api/auth/csrf`, { headers: { cookie: cookies } })).json()) as {
      csrfToken: string;
    };
    expect(fresh.csrfToken).not.toBe(planted);
    expect((await fetch(`${api.url}/api/auth/csrf`)).status).toBe(401);
    await jar.fetch(`${api.url}/api/auth/logout`, {
      method: "POST",
      headers: { ...json, "x-csrf-token": body.csrfToken },
      body: "{}",
    });
    expect((await fetch(`${api.url}/api/auth/csrf`, { headers: { cookie: cookies } })).status).toBe(401);
  });

  it("a bearer request needs no CSRF token", async () => {
    const user = await registerTestUser(api);
    const res = await fetch(`${api.url}/api/users/me`, {
      method: "PUT",
      headers: { ...json, ...user.auth },
      body: JSON.stringify({ name: "Bearer" }),
    });
    expect(res.status).toBe(200);
  });
});

describe("PUT /api/users/me", () => {
  it("changing the email needs the current password and clears the verified flag", async () => {
    const user = await registerTestUser(api);
    await api.testDb.db.updateTable("users").set({ emailVerifiedAt: new Date() }).where("id", "=", user.id).execute();
    const put = (body: unknown) =>
      fetch(`${api.url}/api/users/me`, {
        method: "PUT",
        headers: { ...json, ...user.auth },
        body: JSON.stringify(body),
      });
    const email = `new-${user.email}`;
    const without = await put({ email });
    expect(without.status).toBe(400);
    expect(((await without.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("currentPassword");
    expect((await put({ email, currentPassword: "wrong password here" })).status).toBe(403);
    const ok = await put({ email, currentPassword: user.password });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ user: { email, emailVerified: false }, emailVerificationRequired: true });
  });

  it("a password change needs the current password, applies the policy and ends other sessions", async () => {
    const user = await registerTestUser(api);
    const put = (body: unknown) =>
      fetch(`${api.url}/api/users/me`, {
        method: "PUT",
        headers: { ...json, ...user.auth },
        body: JSON.stringify(body),
      });
    expect((await put({ newPassword: "another good passphrase" })).status).toBe(400);
    const weak = await put({ newPassword: "qwertyuiop", currentPassword: user.password });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("newPassword");
    const ok = await put({ newPassword: "another good passphrase", currentPassword: user.password });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ otherSessionsSignedOut: 1 });
    expect((await post("/api/auth/refresh", { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await post("/api/auth/login", { email: user.email, password: user.password })).status).toBe(401);
    expect((await post("/api/auth/login", { email: user.email, password: "another good passphrase" })).status).toBe(
      200,
    );
  });

  it("an email that belongs to someone else is a 409", async () => {
    const a = await registerTestUser(api);
    const b = await registerTestUser(api);
    const res = await fetch(`${api.url}/api/users/me`, {
      method: "PUT",
      headers: { ...json, ...b.auth },
      body: JSON.stringify({ email: a.email, currentPassword: b.password }),
    });
    expect(res.status).toBe(409);
  });
});

describe("GET /api/users/me/videos", () => {
  it("pages through the user's own videos newest first, never anyone else's", async () => {
    const owner = await registerTestUser(api);
    const other = await registerTestUser(api);
    // Five videos in the same transaction share created_at: the id breaks the tie.
    await api.testDb.db
      .insertInto("videos")
      .values([
        ...Array.from({ length: 5 }, (_, i) => ({ userId: owner.id, title: `same-time ${i}` })),
        { userId: other.id, title: "not yours" },
      ])
      .execute();
    await sql`insert into videos (user_id, title, created_at) values (${owner.id}, 'oldest', now() - interval '1 day'), (${owner.id}, 'newest', now() + interval '1 second')`.execute(
      api.testDb.db,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = cursor ? `?limit=3&cursor=${cursor}` : "?limit=3";
      const res = await fetch(`${api.url}/api/users/me/videos${qs}`, { headers: owner.auth });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { title: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((v) => v.title));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen[0]).toBe("newest");
    expect(seen[6]).toBe("oldest");
    expect(seen).not.toContain("not yours");
  });

  it("a forged cursor is a 400 naming cursor", async () => {
    const user = await registerTestUser(api);
    const res = await fetch(`${api.url}/api/users/me/videos?cursor=garbage`, { headers: user.auth });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("cursor");
  });
});

describe("security headers and CORS", () => {
  it("sends helmet's headers and a locked-down CSP on API responses", async () => {
    const res = await fetch(`${api.url}/api/health`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("allows credentialed requests from an allowlisted origin only", async () => {
    const allowed = await fetch(`${api.url}/api/auth/login`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-csrf-token",
      },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("x-csrf-token");
    const denied = await fetch(`${api.url}/api/health`, { headers: { origin: "https://evil.example" } });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses a JSON body over 1 MB with 413", async () => {
    const res = await post("/api/auth/login", { email: "a@example.test", password: "x".repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });
});
