import { signAccessToken } from "@coherence/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TGetOverviewOutput } from "../src/routers/analytics/get-overview.types";
import type { TGetProgressOutput } from "../src/routers/analytics/get-progress.types";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";

let api: TestApi;
let token: string;
let otherToken: string;
let emptyToken: string;
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

type TalkSeed = {
  title: string;
  ageDays: number;
  duration: number;
  score: number;
  tier: string;
  metrics: { name: string; value: number; unit: string }[];
  flags: { type: string; start: number; end: number }[];
};

async function seedUser(email: string): Promise<string> {
  const row = await api.testDb.db
    .insertInto("users")
    .values({ email, name: email.split("@")[0]! })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function seedTalk(userId: string, t: TalkSeed): Promise<void> {
  const { db } = api.testDb;
  const video = await db
    .insertInto("videos")
    .values({
      userId,
      title: t.title,
      status: "complete",
      stage: "complete",
      progress: 100,
      durationSeconds: t.duration,
      createdAt: daysAgo(t.ageDays),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const analysis = await db
    .insertInto("analyses")
    .values({ videoId: video.id, coherenceScore: t.score, scoreTier: t.tier })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (t.metrics.length) {
    await db
      .insertInto("analysisMetrics")
      .values(t.metrics.map((m) => ({ analysisId: analysis.id, ...m })))
      .execute();
  }
  if (t.flags.length) {
    await db
      .insertInto("dissonanceFlags")
      .values(
        t.flags.map((f) => ({
          analysisId: analysis.id,
          type: f.type,
          startSeconds: f.start,
          endSeconds: f.end,
          severity: 0.6,
          confidence: 0.8,
        })),
      )
      .execute();
  }
}

beforeAll(async () => {
  api = await startTestApi();
  const userId = await seedUser("ada@example.com");
  const otherId = await seedUser("bob@example.com");
  const emptyId = await seedUser("new@example.com");
  token = await signAccessToken({ userId, role: "user" }, { secret: TEST_AUTH_SECRET });
  otherToken = await signAccessToken({ userId: otherId, role: "user" }, { secret: TEST_AUTH_SECRET });
  emptyToken = await signAccessToken({ userId: emptyId, role: "user" }, { secret: TEST_AUTH_SECRET });

  // Ada: an old talk (outside 90 days), then two recent ones, plus one still processing.
  await seedTalk(userId, {
    title: "Kick-off",
    ageDays: 200,
    duration: 120,
    score: 48,
    tier: "Needs Work",
    metrics: [
      { name: "wpm", value: 182, unit: "wpm" },
      { name: "filler_density", value: 0.064, unit: "ratio" },
      { name: "eye_contact", value: 0.41, unit: "ratio" },
    ],
    flags: [
      { type: "GAZE_AVOIDANCE", start: 3, end: 7 },
      { type: "GAZE_AVOIDANCE", start: 20, end: 22 },
      { type: "NERVOUS_FIDGETING", start: 40, end: 41 },
      { type: "PACE_MISMATCH", start: 60, end: 66 },
    ],
  });
  await seedTalk(userId, {
    title: "Quarterly review",
    ageDays: 20,
    duration: 180,
    score: 66,
    tier: "Developing",
    metrics: [
      { name: "wpm", value: 158, unit: "wpm" },
      { name: "filler_density", value: 3.1, unit: "%" },
      { name: "eye_contact", value: 62, unit: "%" },
    ],
    flags: [
      { type: "GAZE_AVOIDANCE", start: 10, end: 13 },
      { type: "CONFIDENCE_MISMATCH", start: 50, end: 54 },
    ],
  });
  await seedTalk(userId, {
    title: "Launch pitch",
    ageDays: 2,
    duration: 240,
    score: 78,
    tier: "Proficient",
    metrics: [
      { name: "averageWordsPerMinutePace", value: 146, unit: "wpm" },
      { name: "filler_density", value: 1.5, unit: "%" },
      { name: "eye_contact", value: 0.8, unit: "ratio" },
      { name: "pitch_variation", value: 3.2, unit: "st" },
    ],
    flags: [{ type: "EMOTIONAL_MISMATCH", start: 30, end: 32 }],
  });
  await api.testDb.db.insertInto("videos").values({ userId, title: "Draft", status: "processing" }).execute();

  // Bob's talk must never show up in Ada's figures.
  await seedTalk(otherId, {
    title: "Bob's talk",
    ageDays: 1,
    duration: 600,
    score: 95,
    tier: "Compelling",
    metrics: [],
    flags: [{ type: "DEICTIC_MISMATCH", start: 1, end: 2 }],
  });
});

afterAll(async () => {
  await api?.stop();
});

const get = (path: string, bearer?: string) =>
  fetch(`${api.url}${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

describe("GET /api/analytics/overview", () => {
  it("401s without a token, and with a forged one", async () => {
    for (const bearer of [undefined, "not-a-token"]) {
      const res = await get("/api/analytics/overview", bearer);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: "UNAUTHORIZED", retryable: false });
    }
  });

  it("summarises only the signed-in user's analysed talks", async () => {
    const res = await get("/api/analytics/overview", token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as TGetOverviewOutput;
    expect(body.talksAnalysed).toBe(3);
    expect(body.talksInProgress).toBe(1);
    expect(body.totalMinutes).toBe(9);
    expect(body.averageScore).toBe(64);
    expect(body.bestScore).toBe(78);
    expect(body.best?.title).toBe("Launch pitch");
    expect(body.latest).toMatchObject({ title: "Launch pitch", score: 78, tier: "Proficient" });
    expect(body.tierDistribution).toEqual([
      { tier: "Needs Work", count: 1 },
      { tier: "Developing", count: 1 },
      { tier: "Proficient", count: 1 },
      { tier: "Compelling", count: 0 },
    ]);
    expect(body.topFlagTypes[0]).toEqual({ type: "GAZE_AVOIDANCE", count: 3, totalSeconds: 9 });
    expect(body.topFlagTypes.map((f) => f.type)).not.toContain("DEICTIC_MISMATCH");
    // Latest (78, 146 wpm, 1.5 %, 80 %, 0.25/min) minus previous (66, 158 wpm, 3.1 %, 62 %, 0.67/min).
    expect(body.changeSincePrevious).toEqual({
      score: 12,
      wpm: -12,
      fillerDensity: -1.6,
      eyeContact: 18,
      flagsPerMinute: -0.42,
    });
  });

  it("is empty but well-formed for a new user", async () => {
    const res = await get("/api/v1/analytics/overview", emptyToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as TGetOverviewOutput;
    expect(body).toMatchObject({
      talksAnalysed: 0,
      talksInProgress: 0,
      totalMinutes: 0,
      averageScore: null,
      bestScore: null,
      latest: null,
      changeSincePrevious: null,
      topFlagTypes: [],
    });
    expect(body.tierDistribution.every((t) => t.count === 0)).toBe(true);
  });
});

describe("GET /api/analytics/progress", () => {
  it("401s without a token", async () => {
    const res = await get("/api/analytics/progress?range=all");
    expect(res.status).toBe(401);
  });

  it("returns the default 90-day series oldest first, with normalised metrics", async () => {
    const res = await get("/api/analytics/progress", token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as TGetProgressOutput;
    expect(body.range).toBe("90d");
    expect(new Date(body.from!).getTime()).toBeLessThan(daysAgo(89).getTime());
    expect(body.points.map((p) => p.title)).toEqual(["Quarterly review", "Launch pitch"]);
    expect(body.points[0]).toMatchObject({ score: 66, wpm: 158, fillerDensity: 3.1, eyeContact: 62 });
    expect(body.points[0]!.flagsPerMinute).toBeCloseTo(0.67, 2);
    expect(body.points[1]).toMatchObject({
      score: 78,
      wpm: 146,
      fillerDensity: 1.5,
      eyeContact: 80,
      flagsPerMinute: 0.25,
    });
  });

  it("covers every talk with range=all, converting fractions to percent", async () => {
    const res = await get("/api/analytics/progress?range=all", token);
    const body = (await res.json()) as TGetProgressOutput;
    expect(body.from).toBeNull();
    expect(body.points).toHaveLength(3);
    expect(body.points[0]).toMatchObject({ title: "Kick-off", fillerDensity: 6.4, eyeContact: 41, flagsPerMinute: 2 });
  });

  it("rejects an unknown range naming the field", async () => {
    const res = await get("/api/analytics/progress?range=forever", token);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "range" }] });
  });

  it("is reachable over tRPC with superjson, and only shows the caller's talks", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { range: "all" } }));
    const res = await get(`/trpc/analytics.progress?input=${input}`, otherToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { json: TGetProgressOutput } } };
    expect(body.result.data.json.points.map((p) => p.title)).toEqual(["Bob's talk"]);
    expect(body.result.data.json.points[0]!.wpm).toBeNull();
  });
});
