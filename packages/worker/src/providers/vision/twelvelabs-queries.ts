import type { Database } from "@coherence/core";
import type { TVisualObservation } from "@coherence/shared";

/** One semantic search query and how its ranks become confidences. */
export type TwelveLabsQuery = {
  dissonanceType: string;
  queryText: string;
  searchOptions: ("visual" | "audio" | "transcription")[];
  /** Confidence given to rank 1. */
  confidenceTop: number;
  /** Confidence given to the last kept rank. */
  confidenceFloor: number;
  /** Ranks beyond this are ignored. */
  maxRank: number;
};

/**
 * Marengo 3.0 search returns a rank (1 = most relevant), not a score. Confidence falls
 * linearly from `confidenceTop` at rank 1 to `confidenceFloor` at the last kept rank,
 * where the last kept rank is the smaller of `maxRank` and the number of results: a
 * query that matched one clip gives that clip the top confidence. Ranks past `maxRank`
 * give null (dropped).
 */
export function rankToConfidence(opts: { rank: number; resultCount: number; query: TwelveLabsQuery }): number | null {
  const { rank, query } = opts;
  if (!Number.isFinite(rank) || rank < 1 || rank > query.maxRank) return null;
  const lastKept = Math.max(1, Math.min(query.maxRank, opts.resultCount));
  if (lastKept === 1) return query.confidenceTop;
  const position = Math.min(rank, lastKept) - 1;
  const value = query.confidenceTop - ((query.confidenceTop - query.confidenceFloor) * position) / (lastKept - 1);
  return Math.round(value * 1000) / 1000;
}

/** Turns one query's search hits into observations, keeping only ranks that map to a confidence. */
export function searchHitsToObservations(opts: {
  query: TwelveLabsQuery;
  hits: { rank?: number; start?: number; end?: number }[];
  durationSeconds: number;
}): TVisualObservation[] {
  const usable = opts.hits.filter((h) => typeof h.rank === "number" && typeof h.start === "number");
  const observations: TVisualObservation[] = [];
  for (const hit of usable) {
    const confidence = rankToConfidence({ rank: hit.rank!, resultCount: usable.length, query: opts.query });
    if (confidence === null) continue;
    const start = Math.max(0, hit.start!);
    const end = Math.min(opts.durationSeconds, Math.max(start, hit.end ?? start));
    observations.push({
      type: opts.query.dissonanceType,
      start,
      end,
      confidence,
      description: `TwelveLabs search "${opts.query.queryText}" matched (rank ${hit.rank})`,
    });
  }
  return observations;
}

/** Reads the enabled query set from the database; admins edit the table, no deploy needed. */
export async function loadTwelveLabsQueries(db: Database): Promise<TwelveLabsQuery[]> {
  const rows = await db
    .selectFrom("twelvelabsQueries")
    .select(["dissonanceType", "queryText", "searchOptions", "confidenceTop", "confidenceFloor", "maxRank"])
    .where("enabled", "=", true)
    .orderBy("dissonanceType")
    .orderBy("queryText")
    .execute();
  return rows.map((r) => ({
    ...r,
    searchOptions: r.searchOptions.filter((o): o is TwelveLabsQuery["searchOptions"][number] =>
      ["visual", "audio", "transcription"].includes(o),
    ),
  }));
}
