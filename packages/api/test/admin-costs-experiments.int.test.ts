import { signAccessToken } from "@coherence/core";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../src/router";
import { startTestApi, TEST_AUTH_SECRET, type TestApi } from "./helpers";

let api: TestApi;
let adminToken: string;
let userToken: string;

beforeAll(async () => {
  api = await startTestApi();
  const db = api.testDb.db;
  const admin = await db
    .insertInto("users")
    .values({ email: "admin@example.com", role: "admin" })
    .returning("id")
    .executeTakeFirstOrThrow();
  adminToken = await signAccessToken({ userId: admin.id, role: "admin" }, { secret: TEST_AUTH_SECRET });
  userToken = await signAccessToken({ userId: admin.id, role: "user" }, { secret: TEST_AUTH_SECRET });
});
afterAll(async () => api?.stop());

const client = (token: string) =>
  createTRPCClient<AppRouter>({
    links: [
      httpLink({ url: `${api.url}/trpc`, transformer: superjson, headers: { authorization: `Bearer ${token}` } }),
    ],
  });

async function seedAnalysedVideo(opts: {
  userId: string;
  status: "complete" | "error";
  score?: number;
  usage: { provider: string; costUsd: number; latencyMs: number; cached?: boolean; unitKind?: string }[];
}) {
  const db = api.testDb.db;
  const video = await db
    .insertInto("videos")
    .values({ userId: opts.userId, status: opts.status })
    .returning("id")
    .executeTakeFirstOrThrow();
  let analysisId: string | null = null;
  if (opts.score !== undefined) {
    analysisId = (
      await db
        .insertInto("analyses")
        .values({ videoId: video.id, coherenceScore: opts.score, scoreTier: "Proficient" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  }
  await db
    .insertInto("providerUsage")
    .values(
      opts.usage.map((u) => ({
        provider: u.provider,
        operation: "transcribe",
        units: 1,
        unitKind: u.unitKind ?? "audio_minute",
        costUsd: u.costUsd,
        latencyMs: u.latencyMs,
        cached: u.cached ?? false,
        videoId: video.id,
        analysisId,
      })),
    )
    .execute();
  return { videoId: video.id, analysisId };
}

describe("admin cost reports", () => {
  it("reports cost per provider and per analysis over a period, over REST and tRPC", async () => {
    const db = api.testDb.db;
    const u = await db.insertInto("users").values({ email: "p@example.com" }).returning("id").executeTakeFirstOrThrow();
    const a = await seedAnalysedVideo({
      userId: u.id,
      status: "complete",
      score: 70,
      usage: [
        { provider: "deepgram", costUsd: 0.01, latencyMs: 900 },
        { provider: "gemini", costUsd: 0.002, latencyMs: 1200, unitKind: "output_token" },
      ],
    });
    const b = await seedAnalysedVideo({
      userId: u.id,
      status: "complete",
      score: 80,
      usage: [{ provider: "deepgram", costUsd: 0, latencyMs: 5, cached: true }],
    });

    const res = await fetch(`${api.url}/api/v1/admin/costs/providers`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(res.status).toBe(200);
    const byProvider = (await res.json()) as { totalUsd: number; providers: unknown[] };
    expect(byProvider.totalUsd).toBeCloseTo(0.012, 6);
    expect(byProvider.providers).toEqual([
      expect.objectContaining({ provider: "deepgram", costUsd: 0.01, calls: 2, cachedCalls: 1, failedCalls: 0 }),
      expect.objectContaining({ provider: "gemini", costUsd: 0.002, calls: 1 }),
    ]);

    const byAnalysis = await client(adminToken).costs.byAnalysis.query({});
    expect(byAnalysis.analyses).toEqual([
      {
        videoId: a.videoId,
        analysisId: a.analysisId,
        costUsd: 0.012,
        calls: 2,
        cachedCalls: 0,
        providers: [
          { provider: "deepgram", costUsd: 0.01 },
          { provider: "gemini", costUsd: 0.002 },
        ],
      },
      {
        videoId: b.videoId,
        analysisId: b.analysisId,
        costUsd: 0,
        calls: 1,
        cachedCalls: 1,
        providers: [{ provider: "deepgram", costUsd: 0 }],
      },
    ]);

    const past = await client(adminToken).costs.byProvider.query({
      from: "2020-01-01T00:00:00Z",
      to: "2020-02-01T00:00:00Z",
    });
    expect(past).toMatchObject({ totalUsd: 0, providers: [] });
    await expect(
      client(adminToken).costs.byProvider.query({ from: "2020-02-01T00:00:00Z", to: "2020-01-01T00:00:00Z" }),
    ).rejects.toThrow(/before/);
  });

  it("is hidden from non-admins", async () => {
    const res = await fetch(`${api.url}/api/v1/admin/costs/providers`, {
      headers: { authorization: `Bearer ${userToken}` },
    });
    expect(res.status).toBe(404);
    expect((await fetch(`${api.url}/api/v1/admin/costs/analyses`)).status).toBe(401);
  });
});

describe("admin experiments", () => {
  it("creates an experiment, overrides an arm, and compares the arms", async () => {
    const db = api.testDb.db;
    const admin = client(adminToken);
    const experiment = await admin.experiments.upsert.mutate({
      key: "speech-deepgram",
      stage: "transcribe",
      controlProvider: "whisper",
      treatmentProvider: "deepgram",
      treatmentPercent: 15,
    });
    expect(experiment).toMatchObject({ key: "speech-deepgram", treatmentPercent: 15, active: true });
    const updated = await admin.experiments.upsert.mutate({ ...experiment, treatmentPercent: 20 });
    expect(updated).toMatchObject({ id: experiment.id, treatmentPercent: 20 });

    const u = await db.insertInto("users").values({ email: "x@example.com" }).returning("id").executeTakeFirstOrThrow();
    expect(
      await admin.experiments.setAssignment.mutate({
        experimentKey: "speech-deepgram",
        userId: u.id,
        arm: "treatment",
      }),
    ).toEqual({
      experimentKey: "speech-deepgram",
      userId: u.id,
      arm: "treatment",
      source: "admin",
    });
    const stored = await db
      .selectFrom("experimentAssignments")
      .selectAll()
      .where("userId", "=", u.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ arm: "treatment", source: "admin" });

    const arms: [string, "complete" | "error", number | undefined, string, number, number][] = [
      ["control", "complete", 60, "whisper", 0, 4000],
      ["control", "complete", 70, "whisper", 0, 6000],
      ["treatment", "complete", 80, "deepgram", 0.02, 1000],
      ["treatment", "error", undefined, "deepgram", 0.01, 3000],
    ];
    for (const [arm, status, score, provider, costUsd, latencyMs] of arms) {
      const { videoId } = await seedAnalysedVideo({
        userId: u.id,
        status,
        score,
        usage: [{ provider, costUsd, latencyMs }],
      });
      await db
        .insertInto("analysisExperimentArms")
        .values({ videoId, experimentId: experiment.id, arm, provider })
        .execute();
    }
    const res = await fetch(`${api.url}/api/v1/admin/experiments/speech-deepgram/arms`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(res.status).toBe(200);
    const comparison = (await res.json()) as { arms: unknown[] };
    expect(comparison.arms).toEqual([
      {
        arm: "control",
        provider: "whisper",
        analyses: 2,
        avgCostUsd: 0,
        avgLatencyMs: 5000,
        avgScore: 65,
        errorRate: 0,
      },
      {
        arm: "treatment",
        provider: "deepgram",
        analyses: 2,
        avgCostUsd: 0.015,
        avgLatencyMs: 2000,
        avgScore: 80,
        errorRate: 0.5,
      },
    ]);

    await expect(admin.experiments.compareArms.query({ experimentKey: "nope" })).rejects.toThrow(/No experiment/);
    await expect(client(userToken).experiments.upsert.mutate({ ...experiment })).rejects.toThrow(/Not found/);
  });
});
