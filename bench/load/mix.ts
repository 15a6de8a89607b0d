// What 1000 signed-in users do at once, as groups of connections. Each connection is
// one user; each group is driven by its own autocannon instance, so every group gets
// its own p50/p99/errors/throughput.

export type Group = {
  name: string;
  /** Share of the connections (users) doing this. */
  weight: number;
  /** REST paths (under /api/v1) one user of this group cycles through; `{id}` is one of the user's videos. */
  paths: string[];
};

/**
 * The mix. Status polling dominates (a web app polls while a talk is analysed); the
 * library list and results are the next most common pages; the analytics dashboard is
 * opened less often. Uploads are not a group: they run at a fixed rate beside it.
 */
export const MIX: Group[] = [
  { name: "status polling", weight: 0.35, paths: ["/videos/{id}/status"] },
  { name: "list videos", weight: 0.2, paths: ["/videos"] },
  { name: "results", weight: 0.15, paths: ["/videos/{id}/results"] },
  { name: "video detail", weight: 0.1, paths: ["/videos/{id}"] },
  { name: "analytics", weight: 0.15, paths: ["/analytics/overview", "/analytics/progress"] },
  { name: "me", weight: 0.05, paths: ["/users/me"] },
];

/** Splits `total` connections over the groups by weight (largest remainder), each group at least 1. */
export function splitConnections(groups: Group[], total: number): number[] {
  const sum = groups.reduce((s, g) => s + g.weight, 0);
  const exact = groups.map((g) => (g.weight / sum) * total);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]!.i]!++;
  return counts;
}

/** Paths of the mix missing from the OpenAPI document (a renamed route would otherwise bench 404s). */
export function missingPaths(groups: Group[], documented: string[]): string[] {
  const known = new Set(documented);
  return groups.flatMap((g) => g.paths).filter((p) => !known.has(p));
}
