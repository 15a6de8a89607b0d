import { Gauge } from "prom-client";
import { metricsRegistry } from "./metrics";

/** What the queue gauges report; read from graphile_worker.jobs by the worker at scrape time. */
export type QueueStats = {
  /** Jobs due now, not locked, with attempts left. */
  ready: number;
  /** Jobs locked by a worker (running). */
  locked: number;
  /** Jobs scheduled in the future (including retries waiting for their back-off). */
  scheduled: number;
  /** Jobs out of attempts: permanently failed, kept for inspection. */
  failed: number;
  /** Seconds since the oldest ready job became due; 0 when nothing waits. */
  oldestReadyAgeSeconds: number;
};

let source: (() => Promise<QueueStats>) | undefined;

/** Jobs in the queue, by state. */
export const queueJobs = new Gauge({
  name: "coherence_queue_jobs",
  help: "Jobs in graphile_worker.jobs, by state (ready, locked, scheduled, failed).",
  labelNames: ["state"] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    const stats = await readStats();
    if (!stats) return;
    for (const state of ["ready", "locked", "scheduled", "failed"] as const) this.set({ state }, stats[state]);
  },
});

/** Age of the oldest job waiting to run. */
export const queueOldestReadyAge = new Gauge({
  name: "coherence_queue_oldest_ready_job_age_seconds",
  help: "Seconds the oldest ready job has waited since it became due (0 when the queue is drained).",
  registers: [metricsRegistry],
  async collect() {
    const stats = await readStats();
    this.set(stats?.oldestReadyAgeSeconds ?? 0);
  },
});

/** 1 when the last scrape could read the queue, 0 when the database did not answer. */
export const queueStatsUp = new Gauge({
  name: "coherence_queue_stats_up",
  help: "1 when the queue statistics could be read at the last scrape, else 0.",
  registers: [metricsRegistry],
  async collect() {
    await readStats();
  },
});

// A scrape starts every gauge's collect in the same tick, so they share one query.
let pending: Promise<QueueStats | undefined> | undefined;
function readStats(): Promise<QueueStats | undefined> {
  if (!source) return Promise.resolve(undefined);
  const read = source;
  pending ??= read()
    .then(
      (s) => {
        queueStatsUp.set(1);
        return s;
      },
      () => {
        queueStatsUp.set(0);
        return undefined;
      },
    )
    .finally(() => {
      pending = undefined;
    });
  return pending;
}

/** Sets where the queue gauges read from (the worker sets a query on graphile_worker.jobs). */
export function setQueueStatsSource(fn: (() => Promise<QueueStats>) | undefined): void {
  source = fn;
}
