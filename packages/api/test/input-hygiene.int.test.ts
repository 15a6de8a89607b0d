// Issue 13, item 2: inputs Postgres or the parser cannot take are 400s, never 500s.
import { readFile } from "node:fs/promises";
import { signAccessToken } from "@coherence/core";
import { generateMediaFixtures } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTestUser, type TestUser } from "./auth-helpers";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";
import { uploadVideo } from "./video-helpers";

let api: TestApi;
let user: TestUser;
let mp4: Buffer;
beforeAll(async () => {
  const [started, fx] = await Promise.all([startTestApi(), generateMediaFixtures()]);
  api = started;
  mp4 = await readFile(fx.mp4);
  user = await registerTestUser(api);
});
afterAll(async () => {
  await api?.stop();
});

const json = { "content-type": "application/json" };
type ErrorJson = { code: string; issues?: { path: string }[] };

describe("a NUL character in any text input is a 400 naming the field", () => {
  it("register's name", async () => {
    const res = await fetch(`${api.url}/api/auth/register`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email: "nul-name@example.test", password: "a long enough passphrase", name: "a\u0000b" }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.issues?.map((i) => i.path)).toContain("name");
  });

  it("PUT /users/me's name, over REST and tRPC", async () => {
    const rest = await fetch(`${api.url}/api/users/me`, {
      method: "PUT",
      headers: { ...json, ...user.auth },
      body: JSON.stringify({ name: "a\u0000b" }),
    });
    expect(rest.status).toBe(400);
    expect(((await rest.json()) as ErrorJson).issues?.map((i) => i.path)).toContain("name");
    const trpc = await fetch(`${api.url}/trpc/users.updateMe`, {
      method: "POST",
      headers: { ...json, ...user.auth },
      body: JSON.stringify({ json: { name: "x\u0000" } }),
    });
    expect(trpc.status).toBe(400);
  });

  it("a password (no text schema forbids it): the NUL guard covers every field of every procedure", async () => {
    const res = await fetch(`${api.url}/trpc/auth.login`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ json: { email: "someone@example.test", password: "pass\u0000word" } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { json: { data: ErrorJson } } }).error.json.data).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [{ path: "password" }],
    });
  });

  it("an admin's experiment key, which went straight to a Postgres query", async () => {
    const admin = await api.testDb.db
      .insertInto("users")
      .values({ email: "nul-admin@example.test", role: "admin" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const token = await signAccessToken({ userId: admin.id, role: "admin" }, { secret: TEST_AUTH_SECRET });
    const input = encodeURIComponent(JSON.stringify({ json: { experimentKey: "key\u0000" } }));
    const res = await fetch(`${api.url}/trpc/experiments.compareArms?input=${input}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { error: { json: { data: ErrorJson } } };
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.error.json.data).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "experimentKey" }] });
  });

  it("a multipart upload's title, and other control characters in it", async () => {
    for (const title of ["talk\u0000", "line\nbreak", "bell\u0007"]) {
      const res = await uploadVideo(api, user.auth, { data: mp4, fields: { title } });
      expect(res.status, JSON.stringify(title)).toBe(400);
      expect(res.body).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "title" }] });
    }
    const rows = await api.testDb.db.selectFrom("videos").select("id").where("userId", "=", user.id).execute();
    expect(rows).toEqual([]);
    // An ordinary title still works.
    const ok = await uploadVideo(api, user.auth, { data: mp4, fields: { title: "  Démo – day 1 " } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ video: { title: "Démo – day 1" } });
  });
});

describe("JSON nested 5,000 levels deep", () => {
  const deep = `{"email":"a@example.test","password":"whatever-it-is","name":${"[".repeat(5000)}${"]".repeat(5000)}}`;
  for (const path of ["/api/auth/register", "/api/auth/login", "/api/v1/auth/login"]) {
    it(`${path} answers 400, not 500`, async () => {
      const res = await fetch(`${api.url}${path}`, { method: "POST", headers: json, body: deep });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "BAD_REQUEST", error: expect.stringContaining("nested") });
    });
  }

  it("tRPC answers a client error too (its own parser copes; the extra field is dropped or refused)", async () => {
    for (const path of ["auth.register", "auth.login"]) {
      const res = await fetch(`${api.url}/trpc/${path}`, { method: "POST", headers: json, body: `{"json":${deep}}` });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});
