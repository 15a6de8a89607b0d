import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { generateMediaFixtures, type MediaFixtures } from "@coherence/core/testing";
import { createTRPCClient, httpLink } from "@trpc/client";
import { sql } from "kysely";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../src/router";
import { startTestApi, type TestApi } from "./helpers";
import { createUser, filesUnder, uploadVideo } from "./video-helpers";

let api: TestApi;
let fx: MediaFixtures;
let mp4: Buffer;
let alice: Awaited<ReturnType<typeof createUser>>;
let bob: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  [api, fx] = await Promise.all([startTestApi(), generateMediaFixtures()]);
  mp4 = await readFile(fx.mp4);
  alice = await createUser(api);
  bob = await createUser(api);
});
afterAll(async () => {
  await api?.stop();
});

const get = (path: string, headers: Record<string, string> = alice.auth) => fetch(`${api.url}${path}`, { headers });

async function upload(
  user = alice,
  data = mp4,
): Promise<{ id: string; reusedAnalysis: boolean; video: Record<string, unknown> }> {
  const res = await uploadVideo(api, user.auth, { data });
  expect(res.status).toBe(201);
  const body = res.body as { video: { id: string }; reusedAnalysis: boolean };
  return { id: body.video.id, reusedAnalysis: body.reusedAnalysis, video: body.video };
}

async function jobFor(videoId: string) {
  const { rows } = await sql<{ key: string | null; attempts: number; maxAttempts: number }>`
    select key, attempts, max_attempts from graphile_worker._private_jobs
    where payload->>'videoId' = ${videoId}`.execute(api.testDb.db);
  return rows;
}

/** Writes what the pipeline would: an analysis with a metric and a flag, and marks the video complete. */
async function completeWithAnalysis(videoId: string): Promise<string> {
  const db = api.testDb.db;
  const analysis = await db
    .insertInto("analyses")
    .values({
      videoId,
      coherenceScore: 72,
      scoreTier: "Proficient",
      durationSeconds: 2,
      heatmap: JSON.stringify({ binSeconds: 1, bins: [0.1, 0.6] }),
      report: JSON.stringify({
        provider: "rules",
        summary: "Clear and steady.",
        strengths: [{ title: "Pace", detail: "Even pace.", timestamps: [0.5], basis: ["speaking_rate"] }],
        improvements: [],
      }),
      transcript: JSON.stringify({
        provider: "fake",
        language: "en",
        durationSeconds: 2,
        text: "hello there",
        words: [
          { word: "hello", start: 0.1, end: 0.5, confidence: 0.9 },
          { word: "there", start: 0.6, end: 1.0, confidence: 0.8 },
        ],
      }),
      thresholdsVersion: "2026-11-01",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("analysisMetrics")
    .values({
      analysisId: analysis.id,
      name: "speaking_rate",
      value: 142,
      unit: "wpm",
      bandLow: 120,
      bandHigh: 160,
      rating: "good",
    })
    .execute();
  // A cloud run's estimate: TwelveLabs' description, not per-frame vision, gave this figure.
  await db
    .insertInto("analysisMetrics")
    .values({
      analysisId: analysis.id,
      name: "eyeContactShare",
      value: 55,
      unit: "%",
      details: JSON.stringify({ estimatedBy: "twelvelabs" }),
    })
    .execute();
  await db
    .insertInto("dissonanceFlags")
    .values({
      analysisId: analysis.id,
      type: "GAZE_AVOIDANCE",
      startSeconds: 1,
      endSeconds: 1.8,
      severity: 0.6,
      confidence: 0.7,
      evidence: JSON.stringify({ quote: "there", observation: "looked down", provider: "fake" }),
      tip: "Look at the lens.",
    })
    .execute();
  await db
    .updateTable("videos")
    .set({ status: "complete", stage: "complete", progress: 100 })
    .where("id", "=", videoId)
    .execute();
  return analysis.id;
}

describe("list, get, status", () => {
  it("lists newest first with a cursor, filters by status, and shows only the caller's videos", async () => {
    const user = await createUser(api);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const row = await api.testDb.db
        .insertInto("videos")
        .values({
          userId: user.id,
          title: `v${i}`,
          status: i % 2 === 0 ? "queued" : "complete",
          // Two share a timestamp: the id breaks the tie, and no row is skipped or repeated.
          createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i === 4 ? 3 : i)),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    await upload(bob);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/videos?limit=2${cursor ? `&cursor=${cursor}` : ""}`, user.auth);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: { id: string; title: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((v) => v.title));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.slice(0, 2).sort()).toEqual(["v3", "v4"]);
    expect(seen.slice(2)).toEqual(["v2", "v1", "v0"]);
    const queued = (await (await get("/api/v1/videos?status=complete", user.auth)).json()) as {
      items: { title: string }[];
    };
    expect(queued.items.map((v) => v.title)).toEqual(["v3", "v1"]);
    const bad = await get("/api/videos?cursor=garbage", user.auth);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("answers GET /users/me/videos with the same list: one cursor format, one error code (issue 17)", async () => {
    const user = await createUser(api);
    await api.testDb.db
      .insertInto("videos")
      .values(
        ["a", "b", "c"].map((title, i) => ({ userId: user.id, title, createdAt: new Date(Date.UTC(2026, 0, 1, i)) })),
      )
      .execute();
    const page = async (path: string) =>
      (await (await get(path, user.auth)).json()) as {
        items: { title: string; coherenceScore: unknown }[];
        nextCursor: string | null;
      };
    const first = await page("/api/v1/users/me/videos?limit=2");
    expect(first).toEqual(await page("/api/v1/videos?limit=2"));
    expect(first.items.map((v) => v.title)).toEqual(["c", "b"]);
    // The alias's cursor pages the canonical route, and the other way round.
    expect((await page(`/api/v1/videos?limit=2&cursor=${first.nextCursor}`)).items.map((v) => v.title)).toEqual(["a"]);
    expect((await page(`/api/users/me/videos?limit=2&cursor=${first.nextCursor}`)).items.map((v) => v.title)).toEqual([
      "a",
    ]);
    for (const path of ["/api/v1/videos?cursor=garbage", "/api/v1/users/me/videos?cursor=garbage"]) {
      const bad = await get(path, user.auth);
      expect(bad.status, path).toBe(400);
      expect(await bad.json(), path).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: "cursor" }] });
    }
  });

  it("gets one video and its status; another user's video is 404, and no token is 401", async () => {
    const { id } = await upload();
    const res = await get(`/api/videos/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, status: "queued", sizeBytes: mp4.length });
    await api.testDb.db
      .updateTable("videos")
      .set({
        status: "error",
        stage: "transcribe",
        progress: 40,
        errorCode: "AI_SERVICE_ERROR",
        errorMessage: "Speech service down.",
        errorRetryable: true,
      })
      .where("id", "=", id)
      .execute();
    const status = await get(`/api/v1/videos/${id}/status`);
    expect(await status.json()).toEqual({
      id,
      status: "error",
      stage: "transcribe",
      progress: 40,
      error: { code: "AI_SERVICE_ERROR", message: "Speech service down.", retryable: true },
    });
    for (const path of [
      `/api/videos/${id}`,
      `/api/videos/${id}/status`,
      `/api/videos/${id}/results`,
      `/api/videos/${id}/stream`,
    ]) {
      const other = await get(path, bob.auth);
      expect(other.status).toBe(404);
      expect(await other.json()).toMatchObject({ code: "NOT_FOUND", retryable: false });
    }
    const del = await fetch(`${api.url}/api/videos/${id}`, { method: "DELETE", headers: bob.auth });
    expect(del.status).toBe(404);
    expect((await get(`/api/videos/${id}`, {})).status).toBe(401);
    expect((await get(`/api/videos/${randomUUID()}`)).status).toBe(404);
  });

  it("works over tRPC too", async () => {
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${api.url}/trpc`, transformer: superjson, headers: () => alice.auth })],
    });
    const page = await client.videos.list.query({ limit: 1 });
    expect(page.items).toHaveLength(1);
    const one = await client.videos.get.query({ id: page.items[0]!.id });
    expect(one.id).toBe(page.items[0]!.id);
  });
});

describe("results and duplicate content", () => {
  it("is 404 until complete, then returns the analysis with metrics, flags, heatmap and report", async () => {
    const { id } = await upload();
    const early = await get(`/api/videos/${id}/results`);
    expect(early.status).toBe(404);
    expect(await early.json()).toMatchObject({ code: "NOT_FOUND", error: expect.stringContaining("not ready") });
    const analysisId = await completeWithAnalysis(id);
    const res = await get(`/api/videos/${id}/results`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      videoId: id,
      analysisId,
      coherenceScore: 72,
      scoreTier: "Proficient",
      thresholdsVersion: "2026-11-01",
      heatmap: { binSeconds: 1, bins: [0.1, 0.6] },
      metrics: [
        { name: "eyeContactShare", value: 55, unit: "%", details: { estimatedBy: "twelvelabs" } },
        { name: "speaking_rate", value: 142, unit: "wpm", band: { low: 120, high: 160 }, rating: "good" },
      ],
      flags: [{ type: "GAZE_AVOIDANCE", start: 1, end: 1.8, evidence: { quote: "there" }, tip: "Look at the lens." }],
      report: { summary: "Clear and steady." },
      transcript: { text: "hello there" },
    });

    // The same content again: linked to that analysis, complete at once, no new job.
    const again = await upload();
    expect(again.reusedAnalysis).toBe(true);
    expect(again.video).toMatchObject({ status: "complete", progress: 100, reusedAnalysisId: analysisId });
    expect(await jobFor(again.id)).toEqual([]);
    const reused = (await (await get(`/api/videos/${again.id}/results`)).json()) as {
      analysisId: string;
      videoId: string;
    };
    expect(reused).toMatchObject({ analysisId, videoId: again.id });

    // Another user with the same bytes pays for their own analysis.
    const bobs = await upload(bob);
    expect(bobs.reusedAnalysis).toBe(false);

    // Deleting the original hands the analysis to the duplicate rather than losing it.
    expect((await fetch(`${api.url}/api/videos/${id}`, { method: "DELETE", headers: alice.auth })).status).toBe(200);
    const after = await get(`/api/videos/${again.id}/results`);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ analysisId, coherenceScore: 72 });
  });
});

describe("score and tier on one video (issue 13)", () => {
  it("videos.get, GET /api/videos/{id} and a reused upload's answer carry the score of a complete analysis", async () => {
    const carol = await createUser(api);
    const { id } = await upload(carol);
    await completeWithAnalysis(id);
    const rest = await get(`/api/videos/${id}`, carol.auth);
    expect(await rest.json()).toMatchObject({ id, status: "complete", coherenceScore: 72, scoreTier: "Proficient" });
    const client = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${api.url}/trpc`, transformer: superjson, headers: () => carol.auth })],
    });
    expect(await client.videos.get.query({ id })).toMatchObject({ coherenceScore: 72, scoreTier: "Proficient" });

    const again = await upload(carol);
    expect(again.reusedAnalysis).toBe(true);
    expect(again.video).toMatchObject({ coherenceScore: 72, scoreTier: "Proficient" });
    const reused = await get(`/api/v1/videos/${again.id}`, carol.auth);
    expect(await reused.json()).toMatchObject({ coherenceScore: 72, scoreTier: "Proficient" });
  });
});

describe("what the analysis could not judge (issue 12)", () => {
  it("returns the judgement stored with the score", async () => {
    const dave = await createUser(api);
    const { id } = await upload(dave);
    const analysisId = await completeWithAnalysis(id);
    const judgement = {
      couldNotJudge: ["We could not hear the words reliably: verbal metrics are estimates."],
      tierWithheld: false,
      transcriptReliable: false,
    };
    await api.testDb.db
      .updateTable("analyses")
      .set({ scoreBreakdown: JSON.stringify({ score: 72, judgement }) })
      .where("id", "=", analysisId)
      .execute();
    const res = await get(`/api/videos/${id}/results`, dave.auth);
    expect(await res.json()).toMatchObject({ analysisId, judgement });
  });
});

describe("delete", () => {
  // Content no analysis exists for, so each upload gets its own job.
  let fresh: Buffer;
  beforeAll(async () => {
    fresh = await readFile(fx.faststartMp4);
  });

  it("removes the row, the pending job and the stored file", async () => {
    const { id } = await upload(alice, fresh);
    expect(await jobFor(id)).toHaveLength(1);
    const res = await fetch(`${api.url}/api/v1/videos/${id}`, { method: "DELETE", headers: alice.auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, deleted: true });
    expect(await jobFor(id)).toEqual([]);
    expect(await api.testDb.db.selectFrom("videos").select("id").where("id", "=", id).execute()).toEqual([]);
    expect(filesUnder(api.deps.config.STORAGE_DIR as string).filter((f) => f.includes(id))).toEqual([]);
    expect((await get(`/api/videos/${id}`)).status).toBe(404);
  });

  it("makes a job a worker is already running harmless (no retry, key released)", async () => {
    const { id } = await upload(alice, fresh);
    await sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'test-worker'
      where key = ${id}`.execute(api.testDb.db);
    expect((await fetch(`${api.url}/api/videos/${id}`, { method: "DELETE", headers: alice.auth })).status).toBe(200);
    const [job] = await jobFor(id);
    expect(job).toMatchObject({ key: null });
    expect(job?.attempts).toBe(job?.maxAttempts);
  });
});

describe("GET /api/videos/{id}/stream (local storage)", () => {
  let id: string;
  beforeAll(async () => {
    id = (await upload()).id;
  });

  it("streams the whole file with an access token", async () => {
    const res = await get(`/api/videos/${id}/stream`);
    expect(res.status).toBe(200);
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-type")).toBe("video/mp4");
    expect(Buffer.from(await res.arrayBuffer()).equals(mp4)).toBe(true);
  });

  it("answers ranges with 206 and Content-Range", async () => {
    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 99],
      [`bytes=${mp4.length - 10}-`, mp4.length - 10, mp4.length - 1],
      ["bytes=-50", mp4.length - 50, mp4.length - 1],
      [`bytes=100-${mp4.length + 1000}`, 100, mp4.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const res = await get(`/api/v1/videos/${id}/stream`, { ...alice.auth, range });
      expect(res.status).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/${mp4.length}`);
      expect(Buffer.from(await res.arrayBuffer()).equals(mp4.subarray(start, end + 1))).toBe(true);
    }
  });

  it("answers 416 with the size when the range is unsatisfiable", async () => {
    const res = await get(`/api/videos/${id}/stream`, { ...alice.auth, range: `bytes=${mp4.length}-` });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe(`bytes */${mp4.length}`);
    expect(await res.json()).toMatchObject({ code: "RANGE_NOT_SATISFIABLE", retryable: false });
  });

  it("accepts the signed URL from streamUrl without a token, and refuses a forged or expired one", async () => {
    const issued = (await (await get(`/api/videos/${id}/stream-url`)).json()) as { url: string; expiresAt: string };
    const url = new URL(issued.url);
    expect(new Date(issued.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const ok = await fetch(`${api.url}${url.pathname}${url.search}`, { headers: { range: "bytes=0-9" } });
    expect(ok.status).toBe(206);
    expect(Buffer.from(await ok.arrayBuffer()).equals(mp4.subarray(0, 10))).toBe(true);

    const forged = new URL(url);
    forged.searchParams.set("expires", String(Number(url.searchParams.get("expires")) + 3600));
    const expired = new URL(url);
    expired.searchParams.set("expires", String(Math.floor(Date.now() / 1000) - 1));
    const otherVideo = (await upload(bob)).id;
    const wrongVideo = `${api.url}/api/videos/${otherVideo}/stream${url.search}`;
    for (const bad of [
      `${api.url}${forged.pathname}${forged.search}`,
      `${api.url}${expired.pathname}${expired.search}`,
      wrongVideo,
    ]) {
      const res = await fetch(bad);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await fetch(`${api.url}${url.pathname}`)).status).toBe(401);
  });
});

describe("API reference", () => {
  it("documents every videos route, the raw-byte ones included", async () => {
    const doc = (await (await get("/api/v1/openapi.json", {})).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/videos",
        "/videos/{id}",
        "/videos/{id}/status",
        "/videos/{id}/results",
        "/videos/{id}/stream",
        "/videos/{id}/stream-url",
        "/videos/upload",
        "/videos/uploads",
        "/videos/uploads/{uploadId}/complete",
      ]),
    );
    expect(doc.paths["/videos/{id}"]).toHaveProperty("delete");
  });
});

describe("direct uploads", () => {
  it("answer a clear error when storage is the local disk", async () => {
    const res = await fetch(`${api.url}/api/videos/uploads`, {
      method: "POST",
      headers: { ...alice.auth, "content-type": "application/json" },
      body: JSON.stringify({ filename: "talk.mp4", contentType: "video/mp4", sizeBytes: 1000 }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "BAD_REQUEST",
      error: expect.stringContaining("POST /api/videos/upload"),
    });
  });
});
