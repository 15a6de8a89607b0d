import { signAccessToken } from "@coherence/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";

let api: TestApi;
let adminToken: string;

beforeAll(async () => {
  api = await startTestApi();
  const admin = await api.testDb.db
    .insertInto("users")
    .values({ email: "admin@example.test", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  adminToken = await signAccessToken({ userId: admin.id, role: "admin" }, { secret: TEST_AUTH_SECRET });
});
afterAll(async () => {
  await api?.stop();
});

async function rescore(analysisId: string): Promise<Response> {
  return await fetch(`${api.url}/api/v1/admin/analyses/${analysisId}/rescore`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: "{}",
  });
}

describe("POST /admin/analyses/{analysisId}/rescore", () => {
  it("queues one re-score job per analysis", async () => {
    const user = await api.testDb.db
      .insertInto("users")
      .values({ email: "owner@example.test" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const video = await api.testDb.db
      .insertInto("videos")
      .values({ userId: user.id, status: "complete" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const analysis = await api.testDb.db
      .insertInto("analyses")
      .values({ videoId: video.id, coherenceScore: 70, scoreTier: "Proficient" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const first = await rescore(analysis.id);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ queued: true, jobId: expect.any(String) });
    expect((await rescore(analysis.id)).status).toBe(200);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from graphile_worker.jobs where key = ${`rescore:${analysis.id}`}`.execute(
      api.testDb.db,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it("answers 404 for an unknown analysis", async () => {
    const res = await rescore("7f1c2a52-61f3-4b9e-9d2a-6d8b0a1f0e11");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
  });
});
