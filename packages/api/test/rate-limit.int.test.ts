import { consumeRateLimit, pruneRateLimits } from "@coherence/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTestUser } from "./auth-helpers";
import { startTestApi, type TestApi } from "./helpers";

// Small budgets so that brute force shows within a test.
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ env: { RATE_LIMIT_AUTH_MAX: "6", RATE_LIMIT_API_MAX: "5" } });
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
        // The API trusts X-Forwarded-For from loopback (its proxy): this is another client.
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
