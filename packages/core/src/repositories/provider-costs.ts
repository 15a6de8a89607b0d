import type { Database } from "../db/kysely";

/**
 * What one video's analysis cost, per provider: every provider_usage row booked against
 * the video (local engines at $0, cache hits and reuse as cached calls at $0).
 * What the analysis result shows as its cost.
 */
export async function getAnalysisCost(opts: { db: Database; videoId: string }): Promise<{
  totalUsd: number;
  byProvider: { provider: string; costUsd: number; calls: number; cachedCalls: number }[];
}> {
  const rows = await opts.db
    .selectFrom("providerUsage")
    .select((eb) => [
      "provider",
      eb.fn.sum<number>("costUsd").as("costUsd"),
      eb.fn.countAll<number>().as("calls"),
      eb.fn.sum<number>(eb.case().when("cached", "=", true).then(1).else(0).end()).as("cachedCalls"),
    ])
    .where("videoId", "=", opts.videoId)
    .groupBy("provider")
    .orderBy("provider")
    .execute();
  const byProvider = rows.map((r) => ({
    provider: r.provider,
    costUsd: Number(r.costUsd),
    calls: Number(r.calls),
    cachedCalls: Number(r.cachedCalls),
  }));
  return { totalUsd: Math.round(byProvider.reduce((s, r) => s + r.costUsd, 0) * 1e6) / 1e6, byProvider };
}
