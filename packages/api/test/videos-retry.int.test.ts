import { signAccessToken } from "@coherence/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";

let api: TestApi;
let token: string;
let userId: string;

async function video(values: { status: string; errorRetryable?: boolean | null }): Promise<string> {
  const row = await api.testDb.db
    .insertInto("videos")
    .values({
      userId,
      title: "talk",
      status: values.status,
      stage: values.status === "error" ? "transcribe" : "queued",
      errorCode: values.status === "error" ? "ANALYSIS_FAILED" : null,
      errorMessage: values.status === "error" ? "The analysis failed." : null,
      errorRetryable: values.errorRetryable ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function retry(id: string): Promise<Response> {
  return await fetch(`${api.url}/api/v1/videos/${id}/retry`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{}",
  });
}

beforeAll(async () => {
  api = await startTestApi();
  const user = await api.testDb.db
    .insertInto("users")
    .values({ email: "retry@example.test", name: "Retry" })
    .returning("id")
    .executeTakeFirstOrThrow();
  userId = user.id;
  token = await signAccessToken({ userId, role: "user" }, { secret: TEST_AUTH_SECRET });
});
afterAll(async () => {
  await api?.stop();
});

describe("POST /videos/{id}/retry", () => {
  it("queues a retryable failure again, clearing the error, with one job under the video's key", async () => {
    const id = await video({ status: "error", errorRetryable: true });
    const res = await retry(id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, status: "queued", progress: 0, error: null });
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from graphile_worker.jobs where key = ${id}`.execute(api.testDb.db);
    expect(rows[0]?.n).toBe(1);
    // A second click finds it queued: a conflict, and still one job.
    expect((await retry(id)).status).toBe(409);
  });

  it("refuses a failure that a retry cannot fix", async () => {
    const res = await retry(await video({ status: "error", errorRetryable: false }));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "CONFLICT", retryable: false });
  });

  it("refuses a video that did not fail", async () => {
    expect((await retry(await video({ status: "complete" }))).status).toBe(409);
  });
});
