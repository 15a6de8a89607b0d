import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerTestUser, type TestUser } from "./auth-helpers";
import { startTestApi, type TestApi } from "./helpers";

let api: TestApi;
let owner: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  owner = await registerTestUser(api);
  stranger = await registerTestUser(api);
});
afterAll(async () => api?.stop());

async function videoWithUsage(usage: { provider: string; costUsd: number; cached?: boolean }[]) {
  const db = api.testDb.db;
  const video = await db
    .insertInto("videos")
    .values({ userId: owner.id, status: "complete", stage: "complete", progress: 100 })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (usage.length > 0) {
    await db
      .insertInto("providerUsage")
      .values(
        usage.map((u) => ({
          provider: u.provider,
          operation: "call",
          units: 1,
          unitKind: "request",
          costUsd: u.costUsd,
          cached: u.cached ?? false,
          videoId: video.id,
        })),
      )
      .execute();
  }
  return video.id;
}

const getCost = (id: string, user: TestUser) => fetch(`${api.url}/api/videos/${id}/cost`, { headers: user.auth });

describe("GET /videos/{id}/cost", () => {
  it("sums the provider usage booked for the video, per provider, cached calls at $0", async () => {
    const id = await videoWithUsage([
      { provider: "deepgram", costUsd: 0.0043 },
      { provider: "gemini", costUsd: 0.0009 },
      { provider: "gemini", costUsd: 0.0002 },
      { provider: "twelvelabs", costUsd: 0, cached: true },
      { provider: "human", costUsd: 0 },
    ]);
    const res = await getCost(id, owner);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      videoId: id,
      totalUsd: 0.0054,
      reusedAnalysis: false,
      providers: [
        { provider: "deepgram", costUsd: 0.0043, calls: 1, cachedCalls: 0 },
        { provider: "gemini", costUsd: 0.0011, calls: 2, cachedCalls: 0 },
        { provider: "human", costUsd: 0, calls: 1, cachedCalls: 0 },
        { provider: "twelvelabs", costUsd: 0, calls: 1, cachedCalls: 1 },
      ],
    });
  });

  it("an upload linked to an earlier analysis of the same file cost nothing", async () => {
    const original = await videoWithUsage([{ provider: "deepgram", costUsd: 0.01 }]);
    const analysis = await api.testDb.db
      .insertInto("analyses")
      .values({ videoId: original, coherenceScore: 70, scoreTier: "Proficient" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const linked = await videoWithUsage([]);
    await api.testDb.db.updateTable("videos").set({ analysisId: analysis.id }).where("id", "=", linked).execute();
    expect(await (await getCost(linked, owner)).json()).toEqual({
      videoId: linked,
      totalUsd: 0,
      reusedAnalysis: true,
      providers: [],
    });
  });

  it("another user's video is not found", async () => {
    const id = await videoWithUsage([{ provider: "deepgram", costUsd: 0.01 }]);
    const res = await getCost(id, stranger);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND", retryable: false });
  });
});
