import { signAccessToken } from "@coherence/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";
import { flagsOf, metricRows, seedAnalysedTalk, seedUser } from "./talk-builders";

// ETag / 304 and the per-version response cache on results and analytics (REST and tRPC):
// the version is read from Postgres, so changes made by a worker (an analysis completing,
// a re-score) show on the next read even though this API process cached the answer.

let api: TestApi;
let auth: { authorization: string };
let otherAuth: { authorization: string };
let userId: string;
let videoId: string;
let analysisId: string;

/** Makes a seeded analysis what the results endpoint shows: heatmap, report, transcript. */
async function fillResults(id: string): Promise<void> {
  await api.testDb.db
    .updateTable("analyses")
    .set({
      durationSeconds: 60,
      thresholdsVersion: "v1",
      heatmap: JSON.stringify({ binSeconds: 1, bins: [0.1, 0.6] }),
      report: JSON.stringify({ provider: "rules", summary: "Steady.", strengths: [], improvements: [] }),
      transcript: JSON.stringify({ provider: "fake", language: "en", durationSeconds: 60, text: "hi", words: [] }),
    })
    .where("id", "=", id)
    .execute();
  await api.testDb.db
    .updateTable("dissonanceFlags")
    .set({
      evidence: JSON.stringify({ quote: "there", observation: "looked down", provider: "fake" }),
      tip: "Look at the lens.",
    })
    .where("analysisId", "=", id)
    .execute();
}

/** What a re-score writes (packages/worker/src/pipeline/rescore.ts): score, tier, flags, updated_at. */
async function rescoreInDatabase(id: string, score: number): Promise<void> {
  await api.testDb.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("analyses")
      .set({ coherenceScore: score, scoreTier: "Compelling", rescoredAt: new Date(), updatedAt: new Date() })
      .where("id", "=", id)
      .execute();
    await trx.deleteFrom("dissonanceFlags").where("analysisId", "=", id).execute();
  });
}

beforeAll(async () => {
  api = await startTestApi();
  const { db } = api.testDb;
  userId = await seedUser(db, "etag@example.com");
  const otherId = await seedUser(db, "other@example.com");
  auth = { authorization: `Bearer ${await signAccessToken({ userId, role: "user" }, { secret: TEST_AUTH_SECRET })}` };
  otherAuth = {
    authorization: `Bearer ${await signAccessToken({ userId: otherId, role: "user" }, { secret: TEST_AUTH_SECRET })}`,
  };
  analysisId = await seedAnalysedTalk(db, userId, {
    title: "Pitch",
    ageDays: 3,
    duration: 60,
    score: 61,
    tier: "Developing",
    metrics: metricRows({ wpm: [150, "wpm"] }),
    flags: flagsOf("GAZE_AVOIDANCE", [3, 7]),
  });
  await fillResults(analysisId);
  const row = await db.selectFrom("analyses").select("videoId").where("id", "=", analysisId).executeTakeFirstOrThrow();
  videoId = row.videoId;
});
afterAll(async () => {
  await api?.stop();
});

const get = (path: string, headers: Record<string, string> = auth) => fetch(`${api.url}${path}`, { headers });

describe("results: ETag and 304", () => {
  it("answers 304 with no body to If-None-Match, and a new body and ETag after a re-score", async () => {
    const first = await get(`/api/v1/videos/${videoId}/results`);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    expect(await first.json()).toMatchObject({ coherenceScore: 61, flags: [{ type: "GAZE_AVOIDANCE" }] });

    const again = await get(`/api/v1/videos/${videoId}/results`, { ...auth, "if-none-match": etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(await again.text()).toBe("");

    // Served from the cache now: a row changed behind the version's back (never done by the
    // product: every writer sets updated_at) does not show, proving no query ran.
    await api.testDb.db.updateTable("analysisMetrics").set({ value: 1 }).where("analysisId", "=", analysisId).execute();
    const cached = await get(`/api/v1/videos/${videoId}/results`);
    expect(cached.headers.get("etag")).toBe(etag);
    expect(await cached.json()).toMatchObject({ metrics: [{ name: "wpm", value: 150 }] });
    // A re-score must still show at once.
    await rescoreInDatabase(analysisId, 88);
    const changed = await get(`/api/v1/videos/${videoId}/results`, { ...auth, "if-none-match": etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect(await changed.json()).toMatchObject({ coherenceScore: 88, scoreTier: "Compelling", flags: [] });
  });

  it("gives another user no ETag and no cached body: their 404 stays a 404", async () => {
    const res = await get(`/api/v1/videos/${videoId}/results`, otherAuth);
    expect(res.status).toBe(404);
    expect(res.headers.get("etag")).toBeNull();
  });

  it("puts no ETag on an error (a video not yet complete)", async () => {
    const pending = await api.testDb.db
      .insertInto("videos")
      .values({ userId, title: "Draft", status: "processing" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const res = await get(`/api/v1/videos/${pending.id}/results`);
    expect(res.status).toBe(404);
    expect(res.headers.get("etag")).toBeNull();
    await api.testDb.db.deleteFrom("videos").where("id", "=", pending.id).execute();
  });
});

describe("analytics: ETag, 304 and invalidation", () => {
  it("answers 304 until an analysis completes, then the new figures (REST overview)", async () => {
    const first = await get("/api/v1/analytics/overview");
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    const before = (await first.json()) as { talksAnalysed: number };
    const notModified = await get("/api/v1/analytics/overview", { ...auth, "if-none-match": `W/${etag}` });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");

    // A worker completes another analysis for this user.
    await seedAnalysedTalk(api.testDb.db, userId, {
      title: "Retake",
      ageDays: 0,
      duration: 90,
      score: 75,
      tier: "Proficient",
    });
    const after = await get("/api/v1/analytics/overview", { ...auth, "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(await after.json()).toMatchObject({ talksAnalysed: before.talksAnalysed + 1, latest: { title: "Retake" } });
  });

  it("invalidates the cached progress series on a re-score", async () => {
    const first = await get("/api/v1/analytics/progress?range=all");
    const etag = first.headers.get("etag")!;
    const points = ((await first.json()) as { points: { videoId: string; score: number }[] }).points;
    expect((await get("/api/v1/analytics/progress?range=all", { ...auth, "if-none-match": etag })).status).toBe(304);
    await rescoreInDatabase(analysisId, 42);
    const changed = await get("/api/v1/analytics/progress?range=all", { ...auth, "if-none-match": etag });
    expect(changed.status).toBe(200);
    const after = ((await changed.json()) as { points: { videoId: string; score: number }[] }).points;
    expect(after).toHaveLength(points.length);
    expect(after.find((p) => p.videoId === videoId)?.score).toBe(42);
  });

  it("works over tRPC GETs too (what the web app's browser cache revalidates)", async () => {
    const first = await get("/trpc/analytics.overview");
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    const again = await get("/trpc/analytics.overview", { ...auth, "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // A cached tRPC body is the tRPC envelope, not the REST one.
    const cached = (await (await get("/trpc/analytics.overview")).json()) as { result?: { data?: unknown } };
    expect(cached.result?.data).toBeDefined();
    const input = encodeURIComponent(JSON.stringify({ json: { id: videoId } }));
    const results = await get(`/trpc/videos.results?input=${input}`);
    expect(results.status).toBe(200);
    const resultsEtag = results.headers.get("etag")!;
    expect((await get(`/trpc/videos.results?input=${input}`, { ...auth, "if-none-match": resultsEtag })).status).toBe(
      304,
    );
  });

  it("without a session answers 401 as before, with no ETag", async () => {
    const res = await fetch(`${api.url}/api/v1/analytics/overview`);
    expect(res.status).toBe(401);
    expect(res.headers.get("etag")).toBeNull();
  });
});
