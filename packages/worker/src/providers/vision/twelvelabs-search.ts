import type { TVisualObservation } from "@coherence/shared";
import { type CallContext, malformed, type TwelveLabsConnection } from "./twelvelabs-client";
import { searchHitsToObservations, type TwelveLabsQuery } from "./twelvelabs-queries";

/** Runs each dissonance query against one indexed video; its ranked clips become observations. */
export async function searchAll(
  tl: TwelveLabsConnection,
  args: CallContext & { indexId: string; videoId: string; queries: TwelveLabsQuery[]; durationSeconds: number },
): Promise<TVisualObservation[]> {
  const observations: TVisualObservation[] = [];
  for (const query of args.queries) {
    const page = await tl.call("search", args, (ro) =>
      tl.client.search.create(
        {
          indexId: args.indexId,
          queryText: query.queryText,
          searchOptions: query.searchOptions.length > 0 ? query.searchOptions : ["visual"],
          filter: JSON.stringify({ id: [args.videoId] }),
          pageLimit: query.maxRank,
        },
        ro,
      ),
    );
    // The index is shared: keep only clips of this video even if a filter were ignored.
    if (!Array.isArray(page.data)) throw malformed("search", "search: no data array");
    const hits = page.data.filter((h) => h.videoId === args.videoId);
    observations.push(...searchHitsToObservations({ query, hits, durationSeconds: args.durationSeconds }));
  }
  return observations;
}
