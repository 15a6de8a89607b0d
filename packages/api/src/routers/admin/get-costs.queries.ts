import type { Database } from "@coherence/core";

/** Cost per provider between two instants (provider_usage.created_at in [from, to)). */
export async function selectCostsByProvider(db: Database, range: { from: Date; to: Date }) {
  const rows = await db
    .selectFrom("providerUsage")
    .select((eb) => [
      "provider",
      "unitKind",
      eb.fn.sum<number>("costUsd").as("costUsd"),
      eb.fn.sum<number>("units").as("units"),
      eb.fn.countAll<number>().as("calls"),
      eb.fn.sum<number>(eb.case().when("cached", "=", true).then(1).else(0).end()).as("cachedCalls"),
      eb.fn.sum<number>(eb.case().when("succeeded", "=", false).then(1).else(0).end()).as("failedCalls"),
    ])
    .where("createdAt", ">=", range.from)
    .where("createdAt", "<", range.to)
    .groupBy(["provider", "unitKind"])
    .orderBy("provider")
    .orderBy("unitKind")
    .execute();
  const byProvider = new Map<
    string,
    {
      provider: string;
      costUsd: number;
      calls: number;
      cachedCalls: number;
      failedCalls: number;
      units: { unitKind: string; units: number }[];
    }
  >();
  for (const r of rows) {
    const entry = byProvider.get(r.provider) ?? {
      provider: r.provider,
      costUsd: 0,
      calls: 0,
      cachedCalls: 0,
      failedCalls: 0,
      units: [],
    };
    entry.costUsd += Number(r.costUsd);
    entry.calls += Number(r.calls);
    entry.cachedCalls += Number(r.cachedCalls);
    entry.failedCalls += Number(r.failedCalls);
    entry.units.push({ unitKind: r.unitKind, units: Number(r.units) });
    byProvider.set(r.provider, entry);
  }
  const providers = [...byProvider.values()].map((p) => ({ ...p, costUsd: round6(p.costUsd) }));
  return { providers, totalUsd: round6(providers.reduce((s, p) => s + p.costUsd, 0)) };
}

/**
 * Cost per analysis (by video; analysis id when the analysis row exists) between two
 * instants, most expensive first. Also what the analysis result shows as its cost by provider.
 */
export async function selectCostsByAnalysis(
  db: Database,
  opts: { from: Date; to: Date; limit: number; videoId?: string },
) {
  let query = db
    .selectFrom("providerUsage as pu")
    .leftJoin("analyses as a", "a.videoId", "pu.videoId")
    .select((eb) => [
      "pu.videoId",
      "pu.provider",
      "a.id as analysisId",
      eb.fn.sum<number>("pu.costUsd").as("costUsd"),
      eb.fn.countAll<number>().as("calls"),
      eb.fn.sum<number>(eb.case().when("pu.cached", "=", true).then(1).else(0).end()).as("cachedCalls"),
    ])
    .where("pu.videoId", "is not", null)
    .where("pu.createdAt", ">=", opts.from)
    .where("pu.createdAt", "<", opts.to)
    // analyses.video_id is unique, so grouping by a.id keeps one group per video and provider.
    .groupBy(["pu.videoId", "pu.provider", "a.id"]);
  if (opts.videoId) query = query.where("pu.videoId", "=", opts.videoId);
  const rows = await query.execute();
  const byVideo = new Map<
    string,
    {
      videoId: string;
      analysisId: string | null;
      costUsd: number;
      calls: number;
      cachedCalls: number;
      providers: { provider: string; costUsd: number }[];
    }
  >();
  for (const r of rows) {
    const videoId = r.videoId!;
    const entry = byVideo.get(videoId) ?? {
      videoId,
      analysisId: null,
      costUsd: 0,
      calls: 0,
      cachedCalls: 0,
      providers: [],
    };
    entry.analysisId = r.analysisId ?? entry.analysisId;
    entry.costUsd += Number(r.costUsd);
    entry.calls += Number(r.calls);
    entry.cachedCalls += Number(r.cachedCalls);
    entry.providers.push({ provider: r.provider, costUsd: round6(Number(r.costUsd)) });
    byVideo.set(videoId, entry);
  }
  return [...byVideo.values()]
    .map((v) => ({
      ...v,
      costUsd: round6(v.costUsd),
      providers: v.providers.sort((a, b) => a.provider.localeCompare(b.provider)),
    }))
    .sort((a, b) => b.costUsd - a.costUsd || a.videoId.localeCompare(b.videoId))
    .slice(0, opts.limit);
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
