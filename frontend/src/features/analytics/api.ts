import { useQuery } from "@tanstack/react-query";
import type { RouterInputs, RouterOutputs } from "../../lib/router-types";
import { trpc } from "../../lib/trpc";

export type TOverview = RouterOutputs["analytics"]["overview"];
export type TProgress = RouterOutputs["analytics"]["progress"];
export type TProgressRange = NonNullable<RouterInputs["analytics"]["progress"]["range"]>;
export const PROGRESS_RANGES: TProgressRange[] = ["30d", "90d", "1y", "all"];

/** Dashboard figures. */
export function useOverview() {
  // BACKEND_HOOK: GET /api/analytics/overview
  return useQuery(trpc.analytics.overview.queryOptions());
}

/** Score and metric series for the progress charts. */
export function useProgress(range: TProgressRange) {
  // BACKEND_HOOK: GET /api/analytics/progress
  return useQuery(trpc.analytics.progress.queryOptions({ range }));
}
