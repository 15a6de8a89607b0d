import { Readable } from "node:stream";
import { signAccessToken, startSession } from "@coherence/core";
import { createLogger, loadConfig, waitUntil } from "@coherence/core/testing";
import { createTaskList, startWorker } from "@coherence/worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTestUser } from "./auth-helpers";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";

let api: TestApi;
let runner: Awaited<ReturnType<typeof startWorker>> | undefined;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await runner?.stop();
  await api?.stop();
});

/** Rows that still belong to the user, found through the ids recorded before deletion. */
async function rowsLeft(userId: string, ids: { videoIds: string[]; analysisIds: string[] }): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select
      (select count(*)::int from users where id = ${userId}) +
      (select count(*)::int from videos where user_id = ${userId} or id = any(${ids.videoIds}::uuid[])) +
      (select count(*)::int from analyses where id = any(${ids.analysisIds}::uuid[])) +
      (select count(*)::int from analysis_metrics where analysis_id = any(${ids.analysisIds}::uuid[])) +
      (select count(*)::int from dissonance_flags where analysis_id = any(${ids.analysisIds}::uuid[])) +
      (select count(*)::int from refresh_token_families where user_id = ${userId}) +
      (select count(*)::int from refresh_tokens t join refresh_token_families f on f.id = t.family_id where f.user_id = ${userId}) +
      (select count(*)::int from oauth_accounts where user_id = ${userId}) as n
  `.execute(api.testDb.db);
  return rows[0]!.n;
}

describe("DELETE /api/users/me", () => {
  it("answers at once, the account cannot sign in, and a real worker leaves 0 rows and 0 stored objects", async () => {
    const user = await registerTestUser(api);
    const bystander = await registerTestUser(api);
    const db = api.testDb.db;
    const ids = { videoIds: [] as string[], analysisIds: [] as string[] };
    // A video with an analysis, metrics and flags, plus stored objects, for the user and a bystander.
    for (const owner of [user, bystander]) {
      const video = await db
        .insertInto("videos")
        .values({ userId: owner.id, title: "talk", status: "complete", stage: "complete", progress: 100 })
        .returning("id")
        .executeTakeFirstOrThrow();
      const analysis = await db
        .insertInto("analyses")
        .values({ videoId: video.id, coherenceScore: 80, scoreTier: "Compelling" })
        .returning("id")
        .executeTakeFirstOrThrow();
      if (owner === user) {
        ids.videoIds.push(video.id);
        ids.analysisIds.push(analysis.id);
      }
      await db.insertInto("analysisMetrics").values({ analysisId: analysis.id, name: "wpm", value: 140 }).execute();
      await db
        .insertInto("dissonanceFlags")
        .values({
          analysisId: analysis.id,
          type: "PACE_MISMATCH",
          startSeconds: 1,
          endSeconds: 2,
          severity: 0.5,
          confidence: 0.9,
        })
        .execute();
      for (const name of ["original", "audio.wav", "frames/0001.jpg"]) {
        await api.deps.storage.put(`users/${owner.id}/videos/${video.id}/${name}`, Readable.from(["bytes"]));
      }
    }
    expect(await rowsLeft(user.id, ids)).toBeGreaterThan(5);
    await db
      .insertInto("oauthAccounts")
      .values({ userId: user.id, provider: "oidc", providerAccountId: "sub-123", email: user.email })
      .execute();
    expect((await api.deps.storage.list(`users/${user.id}/`)).length).toBe(3);

    // Issue 13: deletion now asks for the password (the call changed, not the assertions).
    const res = await fetch(`${api.url}/api/users/me`, {
      method: "DELETE",
      headers: { ...user.auth, "content-type": "application/json" },
      body: JSON.stringify({ password: user.password }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: true });

    // Immediately: no rows, no sign-in, no refresh, the old access token is dead.
    expect(await rowsLeft(bystander.id, { videoIds: [], analysisIds: [] })).toBeGreaterThan(0);
    expect(await rowsLeft(user.id, ids)).toBe(0);
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(login.status).toBe(401);
    const refresh = await fetch(`${api.url}/api/auth/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken: user.refreshToken }),
    });
    expect(refresh.status).toBe(401);
    expect((await fetch(`${api.url}/api/auth/me`, { headers: user.auth })).status).toBe(401);

    // The job was enqueued with the row deletion, under a key that de-duplicates it.
    const { rows: jobs } = await sql<{ key: string }>`select key from graphile_worker.jobs`.execute(db);
    expect(jobs.map((j) => j.key)).toEqual([`delete-user-data:${user.id}`]);

    // A real graphile-worker runner with the product's task list removes the objects.
    const logger = createLogger({ level: "silent" });
    runner = await startWorker({
      config: loadConfig({ WORKER_CONCURRENCY: "1" }),
      logger,
      databaseUrl: api.testDb.url,
      pollInterval: 100,
      taskList: createTaskList({
        config: api.deps.config,
        db: api.deps.db,
        logger,
        storage: api.deps.storage,
        providers: () => {
          throw new Error("this test runs no analysis");
        },
      }),
    });
    await waitUntil(
      async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(db);
        return rows[0]?.n === 0;
      },
      { what: "the deletion job to finish", timeoutMs: 20_000 },
    );
    expect(await api.deps.storage.list(`users/${user.id}/`)).toEqual([]);

    // The bystander keeps everything.
    expect((await api.deps.storage.list(`users/${bystander.id}/`)).length).toBe(3);
    expect((await fetch(`${api.url}/api/users/me/videos`, { headers: bystander.auth })).status).toBe(200);
    const kept = await db.selectFrom("videos").select("id").where("userId", "=", bystander.id).execute();
    expect(kept).toHaveLength(1);
  });

  it("a cookie-authenticated delete without the CSRF token is refused and deletes nothing", async () => {
    const user = await registerTestUser(api);
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: user.email, password: user.password, mode: "cookie" }),
    });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const res = await fetch(`${api.url}/api/users/me`, { method: "DELETE", headers: { cookie } });
    expect(res.status).toBe(403);
    expect(await api.testDb.db.selectFrom("users").select("id").where("id", "=", user.id).execute()).toHaveLength(1);
  });
});

describe("deleting an account needs proof of the owner, not just an access token (issue 13)", () => {
  const del = (auth: Record<string, string>, body?: unknown) =>
    fetch(`${api.url}/api/v1/users/me`, {
      method: "DELETE",
      headers: body === undefined ? auth : { ...auth, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const exists = async (id: string) =>
    (await api.testDb.db.selectFrom("users").select("id").where("id", "=", id).execute()).length === 1;

  it("a password account: no password is a 400, a wrong one a 403, and the account stays", async () => {
    const user = await registerTestUser(api);
    const none = await del(user.auth);
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "password" }] });
    const wrong = await del(user.auth, { password: "not my password at all" });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: "FORBIDDEN" });
    expect(await exists(user.id)).toBe(true);
    // Over tRPC the same.
    const trpc = await fetch(`${api.url}/trpc/users.deleteMe`, {
      method: "POST",
      headers: { ...user.auth, "content-type": "application/json" },
      body: JSON.stringify({ json: {} }),
    });
    expect(trpc.status).toBe(400);
    expect(await exists(user.id)).toBe(true);
    const right = await fetch(`${api.url}/trpc/users.deleteMe`, {
      method: "POST",
      headers: { ...user.auth, "content-type": "application/json" },
      body: JSON.stringify({ json: { password: user.password } }),
    });
    expect(right.status).toBe(200);
    expect(await exists(user.id)).toBe(false);
  });

  it("an account without a password (provider sign-in only) needs a sign-in of the last 5 minutes", async () => {
    const db = api.testDb.db;
    const row = await db
      .insertInto("users")
      .values({ email: `oauth-${Date.now()}@example.test`, name: "OAuth only" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const session = await startSession(db, { userId: row.id, role: "user", mode: "bearer", secret: TEST_AUTH_SECRET });
    const auth = { authorization: `Bearer ${session.accessToken}` };
    // Signed in 10 minutes ago: refused.
    await db
      .updateTable("refreshTokenFamilies")
      .set({ createdAt: new Date(Date.now() - 10 * 60_000) })
      .where("id", "=", session.familyId)
      .execute();
    const stale = await del(auth, {});
    expect(stale.status).toBe(403);
    expect(await stale.json()).toMatchObject({ code: "FORBIDDEN", error: expect.stringContaining("sign in again") });
    // A token that names no sign-in at all proves nothing recent either.
    const bare = await signAccessToken({ userId: row.id, role: "user" }, { secret: TEST_AUTH_SECRET });
    expect((await del({ authorization: `Bearer ${bare}` })).status).toBe(403);
    expect(await exists(row.id)).toBe(true);
    // Just signed in: allowed.
    await db
      .updateTable("refreshTokenFamilies")
      .set({ createdAt: new Date() })
      .where("id", "=", session.familyId)
      .execute();
    const fresh = await del(auth);
    expect(fresh.status).toBe(200);
    expect(await exists(row.id)).toBe(false);
  });
});
