import { signAccessToken } from "@coherence/core";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "../../../test/helpers";
import type { AppRouter } from "../../router";

let api: TestApi;
let adminToken: string;
let userToken: string;
let adminId: string;

async function createUser(role: "user" | "admin"): Promise<string> {
  const row = await api.testDb.db
    .insertInto("users")
    .values({ email: `${role}-${Math.random().toString(36).slice(2)}@example.com`, name: role, role })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const client = (token?: string) =>
  createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${api.url}/trpc`,
        transformer: superjson,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
    ],
  });

beforeAll(async () => {
  api = await startTestApi();
  adminId = await createUser("admin");
  adminToken = await signAccessToken({ userId: adminId, role: "admin" }, { secret: TEST_AUTH_SECRET });
  userToken = await signAccessToken({ userId: await createUser("user"), role: "user" }, { secret: TEST_AUTH_SECRET });
});
afterAll(async () => {
  await api?.stop();
});

describe("admin thresholds procedures", () => {
  it("an admin reads the seeded thresholds for every type", async () => {
    const thresholds = await client(adminToken).thresholds.get.query();
    expect(Object.keys(thresholds).sort()).toHaveLength(7);
    expect(thresholds.EMOTIONAL_MISMATCH.minConfidence).toBeGreaterThan(thresholds.GAZE_AVOIDANCE.minConfidence);
  });

  it("an admin changes one field; the change is stored with who made it and read back", async () => {
    const updated = await client(adminToken).thresholds.set.mutate({
      type: "GAZE_AVOIDANCE",
      values: { minConfidence: 0.72 },
    });
    expect(updated.GAZE_AVOIDANCE.minConfidence).toBe(0.72);
    expect(updated.GAZE_AVOIDANCE.weight).toBe(0.8);
    const row = await api.testDb.db
      .selectFrom("dissonanceThresholds")
      .selectAll()
      .where("type", "=", "GAZE_AVOIDANCE")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ minConfidence: 0.72, updatedBy: adminId });
    expect((await client(adminToken).thresholds.get.query()).GAZE_AVOIDANCE.minConfidence).toBe(0.72);
  });

  it("rejects out-of-range values and empty changes with a validation error", async () => {
    for (const values of [{ minConfidence: 1.5 }, {}]) {
      const err = await client(adminToken)
        .thresholds.set.mutate({ type: "PACE_MISMATCH", values })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCClientError);
      expect((err as TRPCClientError<AppRouter>).data).toMatchObject({ code: "VALIDATION_FAILED" });
    }
  });

  it("answers a signed-in non-admin with 404 and an anonymous caller with 401", async () => {
    const asUser = await client(userToken)
      .thresholds.get.query()
      .catch((e: unknown) => e);
    expect((asUser as TRPCClientError<AppRouter>).data).toMatchObject({ code: "NOT_FOUND" });
    const anon = await client()
      .thresholds.set.mutate({ type: "PACE_MISMATCH", values: { weight: 1 } })
      .catch((e: unknown) => e);
    expect((anon as TRPCClientError<AppRouter>).data).toMatchObject({ code: "UNAUTHORIZED" });
    const row = await api.testDb.db
      .selectFrom("dissonanceThresholds")
      .select("weight")
      .where("type", "=", "PACE_MISMATCH")
      .executeTakeFirstOrThrow();
    expect(row.weight).toBe(0.6);
  });

  it("is served over REST with the bearer token", async () => {
    const headers = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
    const patched = await fetch(`${api.url}/api/v1/admin/thresholds/DEICTIC_MISMATCH`, {
      method: "PATCH",
      headers,
      body: JSON.stringify({ values: { weight: 0.9 } }),
    });
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as Record<string, { weight: number }>).DEICTIC_MISMATCH!.weight).toBe(0.9);
    const got = await fetch(`${api.url}/api/v1/admin/thresholds`, { headers });
    expect(got.status).toBe(200);
    const forbidden = await fetch(`${api.url}/api/v1/admin/thresholds`, {
      headers: { authorization: `Bearer ${userToken}` },
    });
    expect(forbidden.status).toBe(404);
    const doc = (await (await fetch(`${api.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/admin/thresholds", "/admin/thresholds/{type}"]));
  });
});

describe("admin metric band procedures", () => {
  it("an admin reads and changes a band; others cannot", async () => {
    const bands = await client(adminToken).thresholds.getBands.query();
    expect(bands.eyeContactShare).toEqual({ good: [70, null], fair: [50, null] });
    const updated = await client(adminToken).thresholds.setBand.mutate({
      name: "eyeContactShare",
      band: { good: [80, null] },
    });
    expect(updated.eyeContactShare).toEqual({ good: [80, null], fair: [50, null] });
    const row = await api.testDb.db
      .selectFrom("metricBands")
      .selectAll()
      .where("name", "=", "eyeContactShare")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ goodLow: 80, updatedBy: adminId });
    const asUser = await client(userToken)
      .thresholds.setBand.mutate({ name: "eyeContactShare", band: { good: [0, null] } })
      .catch((e: unknown) => e);
    expect((asUser as TRPCClientError<AppRouter>).data).toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses an inverted range over REST", async () => {
    const res = await fetch(`${api.url}/api/v1/admin/metric-bands/fillerDensity`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ band: { good: [5, 1] } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "VALIDATION_FAILED" });
  });
});
