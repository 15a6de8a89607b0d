import { consumeRateLimit, hashPassword, loginAccountAlertsTotal, pruneRateLimits } from "@coherence/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTestUser } from "./auth-helpers";
import { startTestApi, type TestApi } from "./helpers";

// Small budgets so that brute force shows within a test.
let api: TestApi;
beforeAll(async () => {
  // Behind a proxy on loopback (TRUST_PROXY), so that X-Forwarded-For stands for other clients.
  api = await startTestApi({ env: { RATE_LIMIT_AUTH_MAX: "6", RATE_LIMIT_API_MAX: "5", TRUST_PROXY: "loopback" } });
});
afterAll(async () => {
  await api?.stop();
});

const json = { "content-type": "application/json" };

describe("rate limits", () => {
  it("password guessing on one account hits 429 with Retry-After and the standard body", async () => {
    const user = await registerTestUser(api);
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${api.url}/api/auth/login`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ email: user.email, password: `guess number ${i}` }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        limited = res;
        break;
      }
    }
    // Per email: half of RATE_LIMIT_AUTH_MAX (3) attempts, then 429.
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited!.headers.get("retry-after"))).toBeLessThanOrEqual(900);
    expect(await limited!.json()).toMatchObject({ code: "RATE_LIMITED", retryable: true });
    // The right password does not get through either while the account is being attacked.
    const right = await fetch(`${api.url}/api/auth/login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(right.status).toBe(429);
  });

  it("spraying many accounts from one IP hits the per-IP limit (over tRPC too)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${api.url}/trpc/auth.login`, {
        method: "POST",
        // TRUST_PROXY=loopback: the API trusts X-Forwarded-For from its proxy; this is another client.
        headers: { ...json, "x-forwarded-for": "203.0.113.7" },
        body: JSON.stringify({ json: { email: `spray-${i}@example.test`, password: "some password" } }),
      });
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    // Other clients are not affected.
    const elsewhere = await fetch(`${api.url}/api/auth/login`, {
      method: "POST",
      headers: { ...json, "x-forwarded-for": "198.51.100.9" },
      body: JSON.stringify({ email: "spray-0@example.test", password: "some password" }),
    });
    expect(elsewhere.status).toBe(401);
  });

  it("a signed-in user has a per-user budget on every procedure", async () => {
    const user = await registerTestUser(api);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await fetch(`${api.url}/api/users/me`, { headers: user.auth })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Another user is unaffected.
    const other = await registerTestUser(api);
    expect((await fetch(`${api.url}/api/users/me`, { headers: other.auth })).status).toBe(200);
  });

  it("counters live in Postgres, shared by every API instance", async () => {
    const rows = await api.testDb.db.selectFrom("rateLimits").select(["key", "points"]).execute();
    expect(rows.some((r) => r.key.startsWith("login:ip:") && r.points >= 6)).toBe(true);
  });

  it("a window resets once it has expired, and pruning removes only expired counters", async () => {
    const db = api.testDb.db;
    const rule = { bucket: "probe", subject: "a", points: 1, windowSeconds: 60 };
    expect((await consumeRateLimit(db, rule)).allowed).toBe(true);
    expect((await consumeRateLimit(db, rule)).allowed).toBe(false);
    await sql`update rate_limits set expires_at = now() - interval '1 second' where key = 'probe:a'`.execute(db);
    expect((await consumeRateLimit(db, rule)).allowed).toBe(true);
    await consumeRateLimit(db, { ...rule, subject: "b" });
    await sql`update rate_limits set expires_at = now() - interval '1 second' where key = 'probe:b'`.execute(db);
    expect(await pruneRateLimits(db)).toBeGreaterThanOrEqual(1);
    const left = await db.selectFrom("rateLimits").select("key").where("key", "like", "probe:%").execute();
    expect(left.map((r) => r.key)).toEqual(["probe:a"]);
  });
});

/** A password account created directly (registering through the API would spend the per-IP budget). */
async function passwordUser(): Promise<{ email: string; password: string }> {
  const email = `owner-${crypto.randomUUID()}@example.test`;
  const password = "the owner's own passphrase";
  await api.testDb.db
    .insertInto("users")
    .values({ email, name: "Owner", passwordHash: await hashPassword(password) })
    .execute();
  return { email, password };
}

function login(body: { email: string; password: string }, from: string) {
  return fetch(`${api.url}/api/auth/login`, {
    method: "POST",
    headers: { ...json, "x-forwarded-for": from },
    body: JSON.stringify(body),
  });
}

describe("a stranger cannot lock the owner out (issue 13, OWASP: throttle per account and client)", () => {
  it("wrong passwords from one client delay that client only; the owner signs in from elsewhere", async () => {
    const owner = await passwordUser();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await login({ ...owner, password: `guess ${i}` }, "203.0.113.50")).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // The right password from the owner's own address goes through at once.
    expect((await login(owner, "198.51.100.77")).status).toBe(200);
  });

  it("each further failure from that client waits longer (30 s, then 60 s…)", async () => {
    const owner = await passwordUser();
    const from = "203.0.113.51";
    for (let i = 0; i < 3; i++) await login({ ...owner, password: `guess ${i}` }, from);
    const first = await login({ ...owner, password: "guess 3" }, from);
    expect(first.status).toBe(429);
    const firstWait = Number(first.headers.get("retry-after"));
    expect(firstWait).toBeGreaterThan(20);
    expect(firstWait).toBeLessThanOrEqual(30);
    // Pretend the wait is over: the last attempt was 31 s ago.
    await sql`update rate_limits set expires_at = expires_at - interval '31 seconds'
      where key like ${`login-throttle:${owner.email}:${from}`}`.execute(api.testDb.db);
    expect((await login({ ...owner, password: "guess 4" }, from)).status).toBe(401);
    const second = await login({ ...owner, password: "guess 5" }, from);
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("retry-after"))).toBeGreaterThan(50);
    expect(Number(second.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  });

  it("failures from many clients raise the per-account alert, and still lock nobody out", async () => {
    const owner = await passwordUser();
    const before = (await loginAccountAlertsTotal.get()).values[0]?.value ?? 0;
    // RATE_LIMIT_AUTH_MAX=6: the ceiling is 30 failures an hour; each client gets 3 before its delay.
    for (let client = 0; client < 10; client++) {
      for (let i = 0; i < 3; i++) {
        expect((await login({ ...owner, password: `spray ${i}` }, `192.0.2.${client + 10}`)).status).toBe(401);
      }
    }
    const after = (await loginAccountAlertsTotal.get()).values[0]?.value ?? 0;
    expect(after - before).toBe(1);
    expect((await login(owner, "198.51.100.78")).status).toBe(200);
  });
});

describe("TRUST_PROXY (issue 13)", () => {
  it("by default no X-Forwarded-For is trusted: rotating it does not escape the per-IP limit", async () => {
    const direct = await startTestApi({ env: { RATE_LIMIT_AUTH_MAX: "2" } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${direct.url}/api/auth/login`, {
          method: "POST",
          headers: { ...json, "x-forwarded-for": `203.0.113.${100 + i}` },
          body: JSON.stringify({ email: `rotating-${i}@example.test`, password: "some password" }),
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await direct.stop();
    }
  });
});
