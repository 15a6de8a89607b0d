import { signAccessToken } from "@coherence/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TGetOverviewOutput } from "../src/routers/analytics/get-overview.types";
import type { TGetProgressOutput } from "../src/routers/analytics/get-progress.types";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";
import { daysAgo, flagsOf, metricRows, seedAnalysedTalk, seedUser, type TalkSeed } from "./talk-builders";

let api: TestApi;
let token: string;
let otherToken: string;
let emptyToken: string;
beforeAll(async () => {
  api = await startTestApi();
  const { db } = api.testDb;
  const userId = await seedUser(db, "ada@example.com");
  const otherId = await seedUser(db, "bob@example.com");
  const emptyId = await seedUser(db, "new@example.com");
  token = await signAccessToken({ userId, role: "user" }, { secret: TEST_AUTH_SECRET });
  otherToken = await signAccessToken({ userId: otherId, role: "user" }, { secret: TEST_AUTH_SECRET });
  emptyToken = await signAccessToken({ userId: emptyId, role: "user" }, { secret: TEST_AUTH_SECRET });

  // Ada: an old talk (outside 90 days), then two recent ones, plus one still processing.
  // Shares are stored either as fractions or in percent: the dashboard must normalise both.
  const adasTalks: TalkSeed[] = [
    {
      title: "Kick-off",
      ageDays: 200,
      duration: 120,
      score: 48,
      tier: "Needs Work",
      metrics: metricRows({ wpm: [182, "wpm"], filler_density: [0.064, "ratio"], eye_contact: [0.41, "ratio"] }),
      flags: [
        ...flagsOf("GAZE_AVOIDANCE", [3, 7], [20, 22]),
        ...flagsOf("NERVOUS_FIDGETING", [40, 41]),
        ...flagsOf("PACE_MISMATCH", [60, 66]),
      ],
    },
    {
      title: "Quarterly review",
      ageDays: 20,
      duration: 180,
      score: 66,
      tier: "Developing",
      metrics: metricRows({ wpm: [158, "wpm"], filler_density: [3.1, "%"], eye_contact: [62, "%"] }),
      flags: [...flagsOf("GAZE_AVOIDANCE", [10, 13]), ...flagsOf("CONFIDENCE_MISMATCH", [50, 54])],
    },
    {
      title: "Launch pitch",
      ageDays: 2,
      duration: 240,
      score: 78,
      tier: "Proficient",
      metrics: metricRows({
        averageWordsPerMinutePace: [146, "wpm"],
        filler_density: [1.5, "%"],
        eye_contact: [0.8, "ratio"],
        pitch_variation: [3.2, "st"],
      }),
      flags: flagsOf("EMOTIONAL_MISMATCH", [30, 32]),
    },
  ];
  for (const talk of adasTalks) await seedAnalysedTalk(db, userId, talk);
  await db.insertInto("videos").values({ userId, title: "Draft", status: "processing" }).execute();

  // Bob's talk must never show up in Ada's figures.
  await seedAnalysedTalk(db, otherId, {
    title: "Bob's talk",
    ageDays: 1,
    duration: 600,
    score: 95,
    tier: "Compelling",
    flags: flagsOf("DEICTIC_MISMATCH", [1, 2]),
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
