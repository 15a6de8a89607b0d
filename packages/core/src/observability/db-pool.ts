import type pg from "pg";
import { Gauge } from "prom-client";
import { metricsRegistry } from "./metrics";

const pools = new Map<pg.Pool, string>();

function poolGauge(name: string, help: string, read: (pool: pg.Pool) => number): Gauge<"pool"> {
  return new Gauge({
    name,
    help,
    labelNames: ["pool"] as const,
    registers: [metricsRegistry],
    collect() {
      this.reset();
      for (const [pool, label] of pools) this.inc({ pool: label }, read(pool));
    },
  });
}

/** Connections the pool holds (idle + checked out). */
export const dbPoolTotal = poolGauge(
  "coherence_db_pool_connections",
  "Connections the pg pool holds, idle or in use.",
  (p) => p.totalCount,
);
/** Idle connections. */
export const dbPoolIdle = poolGauge("coherence_db_pool_idle_connections", "Idle connections in the pg pool.", (p) => {
  return p.idleCount;
});
/** Callers waiting for a connection: > 0 for long means the pool is too small. */
export const dbPoolWaiting = poolGauge(
  "coherence_db_pool_waiting_clients",
  "Queries waiting for a free connection; sustained > 0 means the pool is too small.",
  (p) => p.waitingCount,
);
/** The configured maximum. */
export const dbPoolMax = poolGauge(
  "coherence_db_pool_max_connections",
  "The pg pool's configured maximum size.",
  (p) => p.options.max ?? 10,
);

/**
 * Exposes a pg pool's size, idle and waiting counts as gauges labelled `pool`.
 * Returns a function that stops exposing it (call it when the pool closes).
 */
export function registerPoolMetrics(pool: pg.Pool, label: string): () => void {
  pools.set(pool, label);
  return () => {
    pools.delete(pool);
  };
}
