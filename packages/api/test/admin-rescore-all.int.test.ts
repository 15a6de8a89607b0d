import { LOW_PRIORITY, LOW_PRIORITY_QUEUE, signAccessToken } from "@coherence/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDeps } from "../src/deps";
import { appRouter } from "../src/router";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";

let api: TestApi;
let adminId: string;
let userId: string;
const NOON = new Date("2030-01-01T12:00:00Z");

beforeAll(async () => {
  api = await startTestApi();
  const db = api.testDb.db;
  adminId = (
    await db
      .insertInto("users")
      .values({ email: "admin@example.test", role: "admin" })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
  userId = (
    await db.insertInto("users").values({ email: "owner@example.test" }).returning("id").executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await api?.stop();
});

async function addAnalysis(opts: { createdAt: Date; rescoredAt?: Date; rawEvents?: boolean }): Promise<string> {
  const db = api.testDb.db;
  // One analysis per video.
  const video = await db
    .insertInto("videos")
    .values({ userId, status: "complete" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto("analyses")
    .values({
      videoId: video.id,
      coherenceScore: 70,
      scoreTier: "Proficient",
      createdAt: opts.createdAt,
      rescoredAt: opts.rescoredAt ?? null,
      ...(opts.rawEvents === false ? {} : { rawEvents: JSON.stringify([]), durationSeconds: 60 }),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function callerAs(role: "admin" | "user", deps: Partial<AppDeps> = {}) {
  return appRouter.createCaller({
    deps: { ...api.deps, now: () => NOON, ...deps },
    logger: api.deps.logger,
    requestId: "test",
    user: { id: role === "admin" ? adminId : userId, role },
  });
}

type JobRow = { key: string; queueName: string | null; priority: number; runAt: Date; taskIdentifier: string };
async function rescoreJobs(): Promise<JobRow[]> {
  const { rows } = await sql<JobRow>`
    select key, queue_name, priority, run_at, task_identifier from graphile_worker.jobs
    where key like 'rescore:%' order by key`.execute(api.testDb.db);
  return rows;
}

describe("analyses.rescoreAll (POST /admin/analyses/rescore-all)", () => {
  let old1: string;
  let old2: string;
  beforeAll(async () => {
    old1 = await addAnalysis({ createdAt: new Date("2029-01-01T00:00:00Z") });
    old2 = await addAnalysis({ createdAt: new Date("2029-02-01T00:00:00Z") });
    // No stored raw events: it cannot be re-scored, so it is never queued.
    await addAnalysis({ createdAt: new Date("2029-03-01T00:00:00Z"), rawEvents: false });
  });

  it("queues one low-priority job per analysis, due at the next off-peak window start, and a second call duplicates nothing", async () => {
    const out = await callerAs("admin").analyses.rescoreAll({});
    // OFFPEAK_WINDOW defaults to 01:00-06:00 UTC: noon waits for 01:00 the next day.
    expect(out).toEqual({ count: 2, queue: LOW_PRIORITY_QUEUE, runAt: "2030-01-02T01:00:00.000Z" });
    const jobs = await rescoreJobs();
    expect(jobs.map((j) => j.key).sort()).toEqual([`rescore:${old1}`, `rescore:${old2}`].sort());
    for (const job of jobs) {
      expect(job).toMatchObject({
        queueName: LOW_PRIORITY_QUEUE,
        priority: LOW_PRIORITY,
        taskIdentifier: "rescore-analysis",
      });
      expect(new Date(job.runAt)).toEqual(new Date(out.runAt));
    }
    expect((await callerAs("admin").analyses.rescoreAll({})).count).toBe(2);
    expect(await rescoreJobs()).toHaveLength(2);
  });

  it("places the window in OFFPEAK_TIMEZONE", async () => {
    const config = { ...api.deps.config, OFFPEAK_WINDOW: "22:00-05:00", OFFPEAK_TIMEZONE: "Asia/Tokyo" };
    // Noon UTC is 21:00 in Tokyo (UTC+9): the window opens an hour later, at 13:00 UTC.
    const out = await callerAs("admin", { config }).analyses.rescoreAll({ limit: 1 });
    expect(out).toMatchObject({ count: 1, runAt: "2030-01-01T13:00:00.000Z" });
  });

  it("filters by creation date and by staleness, oldest first, up to the limit", async () => {
    const admin = callerAs("admin");
    expect(await admin.analyses.rescoreAll({ analysedBefore: "2029-01-15T00:00:00Z" })).toMatchObject({ count: 1 });
    expect(await admin.analyses.rescoreAll({ limit: 1 })).toMatchObject({ count: 1 });
    // Every analysis here is newer than the thresholds (set at migration time): none is stale…
    expect(await admin.analyses.rescoreAll({ staleOnly: true })).toMatchObject({ count: 0 });
    // …until a threshold changes after them; one re-scored since then stays fresh.
    const fresh = await addAnalysis({
      createdAt: new Date("2029-04-01T00:00:00Z"),
      rescoredAt: new Date("2029-07-01T00:00:00Z"),
    });
    await sql`update dissonance_thresholds set updated_at = '2029-06-01T00:00:00Z' where type = 'GAZE_AVOIDANCE'`.execute(
      api.testDb.db,
    );
    expect(await admin.analyses.rescoreAll({ staleOnly: true })).toMatchObject({ count: 2 });
    expect((await rescoreJobs()).map((j) => j.key)).not.toContain(`rescore:${fresh}`);
  });

  it("urgent: the default queue, due now, replacing the pending off-peak jobs (REST)", async () => {
    const token = await signAccessToken({ userId: adminId, role: "admin" }, { secret: TEST_AUTH_SECRET });
    const before = Date.now();
    const res = await fetch(`${api.url}/api/v1/admin/analyses/rescore-all`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ urgent: true, analysedBefore: "2029-03-01T00:00:00Z" }),
    });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { count: number; queue: string | null; runAt: string };
    expect(out).toMatchObject({ count: 2, queue: null });
    expect(new Date(out.runAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const urgent = (await rescoreJobs()).filter((j) => j.key === `rescore:${old1}` || j.key === `rescore:${old2}`);
    expect(urgent).toHaveLength(2);
    for (const job of urgent) {
      expect(job.queueName).toBeNull();
      expect(new Date(job.runAt).getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it("is for admins only (others get the same 404 as for a missing resource)", async () => {
    await expect(callerAs("user").analyses.rescoreAll({})).rejects.toMatchObject({ code: "NOT_FOUND" });
    const token = await signAccessToken({ userId, role: "user" }, { secret: TEST_AUTH_SECRET });
    const res = await fetch(`${api.url}/api/v1/admin/analyses/rescore-all`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND", retryable: false });
  });

  it("rejects a malformed date", async () => {
    await expect(callerAs("admin").analyses.rescoreAll({ analysedBefore: "last tuesday" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
