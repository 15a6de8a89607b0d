import { useQuery } from "@tanstack/react-query";
import { Card } from "../../components/ui";
import { capitalize, engineLabel, engineName } from "../../lib/engines";
import type { RouterOutputs } from "../../lib/router-types";
import { trpcClient } from "../../lib/trpc";

export type TVideoCost = RouterOutputs["videos"]["cost"];

/** What the analysis cost, by provider. Cost is secondary: it never blocks the results. */
export function useVideoCost(id: string) {
  return useQuery({
    queryKey: ["videos", "cost", id],
    queryFn: async () => {
      // BACKEND_HOOK: GET /api/videos/{id}/cost
      return await trpcClient.videos.cost.query({ id });
    },
    staleTime: 5 * 60_000,
  });
}

/** Dollars with enough digits for sub-cent provider calls: $0.0043, $1.25, $0. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(2))}`;
}

/**
 * The analysis's total cost and its split by engine, named by what each does; local engines
 * and cache hits show as $0. The engines' own names wait in a details view.
 */
export function CostCard({ cost }: { cost: TVideoCost }) {
  const allCached = cost.providers.length > 0 && cost.providers.every((p) => p.cachedCalls === p.calls);
  const note = cost.reusedAnalysis
    ? "Reused the analysis of an identical earlier upload."
    : allCached
      ? "Every answer came from a cache: nothing was billed."
      : null;
  return (
    <Card title="Cost" className="cost-card">
      <p className="cost-total" data-testid="cost-total">
        {formatUsd(cost.totalUsd)}
      </p>
      {note && <p className="muted">{note}</p>}
      {cost.providers.length > 0 && (
        <ul className="cost-providers">
          {cost.providers.map((p) => (
            <li key={p.provider} data-testid="cost-provider">
              <span>{capitalize(engineLabel(p.provider))}</span>
              <span>
                {formatUsd(p.costUsd)}
                {p.cachedCalls > 0 && (
                  <span className="muted">
                    {" "}
                    ({p.cachedCalls} of {p.calls} cached)
                  </span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {cost.providers.length > 0 && (
        <details className="cost-engines">
          <summary>Engines used</summary>
          <ul>
            {cost.providers.map((p) => (
              <li key={p.provider} data-testid="cost-engine">
                {capitalize(engineLabel(p.provider))}: {engineName(p.provider)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Card>
  );
}

/** The cost card for one talk; renders nothing until (or unless) the cost loads. */
export function VideoCost({ videoId }: { videoId: string }) {
  const cost = useVideoCost(videoId);
  return cost.data ? <CostCard cost={cost.data} /> : null;
}
