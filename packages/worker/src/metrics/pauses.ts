import { type MetricContext, times } from "./context";

/** Pauses between words: all of them by length, the long ones, and those in the middle of a clause. */
export function addPauseMetrics({ verbal, add }: MetricContext): void {
  const byKind = (k: string) => verbal.pauses.filter((p) => p.kind === k).length;
  add({
    name: "pauseCount",
    value: verbal.pauses.length,
    unit: "count",
    details: { short: byKind("short"), medium: byKind("medium"), long: byKind("long") },
  });
  add({
    name: "longPauseCount",
    value: byKind("long"),
    unit: "count",
    details: { times: times(verbal.pauses.filter((p) => p.kind === "long")) },
  });
  const midClause = verbal.pauses.filter((p) => p.midClause);
  add({ name: "midClausePauseCount", value: midClause.length, unit: "count", details: { times: times(midClause) } });
}
