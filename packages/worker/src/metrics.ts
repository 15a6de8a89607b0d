import { createServer, type Server } from "node:http";
import {
  jobDuration,
  jobsRunning,
  jobsTotal,
  type Logger,
  type QueueStats,
  registerPoolMetrics,
  renderMetrics,
  reportError,
  setQueueStatsSource,
} from "@coherence/core";
import type { WorkerEvents } from "graphile-worker";
import pg from "pg";

const QUEUE_STATS_SQL = `
  select
    count(*) filter (where locked_at is null and attempts < max_attempts and run_at <= now())::int as ready,
    count(*) filter (where locked_at is not null)::int as locked,
    count(*) filter (where locked_at is null and attempts < max_attempts and run_at > now())::int as scheduled,
    count(*) filter (where locked_at is null and attempts >= max_attempts)::int as failed,
    coalesce(extract(epoch from now() - min(run_at)
      filter (where locked_at is null and attempts < max_attempts and run_at <= now())), 0)::float8 as oldest
  from graphile_worker.jobs`;

/** Reads queue depth and the oldest ready job's age from graphile_worker.jobs. */
export async function readQueueStats(db: pg.Pool): Promise<QueueStats> {
  const { rows } = await db.query<{ ready: number; locked: number; scheduled: number; failed: number; oldest: number }>(
    QUEUE_STATS_SQL,
  );
  const r = rows[0] ?? { ready: 0, locked: 0, scheduled: 0, failed: 0, oldest: 0 };
  return {
    ready: r.ready,
    locked: r.locked,
    scheduled: r.scheduled,
    failed: r.failed,
    oldestReadyAgeSeconds: r.oldest,
  };
}

/**
 * Counts and times every job by task and outcome from graphile-worker's events,
 * and reports unexpected job errors (with job, video and user tags) to error tracking.
 */
export function instrumentJobs(events: WorkerEvents, logger: Logger): void {
  const started = new Map<string, { at: bigint; task: string }>();
  events.on("job:start", ({ job }) => {
    started.set(String(job.id), { at: process.hrtime.bigint(), task: job.task_identifier });
    jobsRunning.inc({ task: job.task_identifier });
  });
  events.on("job:complete", ({ job, error }) => {
    const entry = started.get(String(job.id));
    started.delete(String(job.id));
    const task = job.task_identifier;
    const outcome = !error ? "success" : job.attempts >= job.max_attempts ? "failed" : "error";
    jobsTotal.inc({ task, outcome });
    if (entry) {
      jobsRunning.dec({ task });
      jobDuration.observe({ task, outcome }, Number(process.hrtime.bigint() - entry.at) / 1e9);
    }
    if (error) {
      const payload = (job.payload ?? {}) as { videoId?: unknown; userId?: unknown; requestId?: unknown };
      const str = (v: unknown) => (typeof v === "string" ? v : undefined);
      reportError(error, {
        jobId: String(job.id),
        task,
        videoId: str(payload.videoId),
        userId: str(payload.userId),
        requestId: str(payload.requestId),
      });
      logger.debug({ jobId: String(job.id), task, outcome }, "job did not succeed");
    }
  });
}

export type WorkerMetricsServer = { url: string | undefined; close: () => Promise<void> };

/**
 * The worker's Prometheus listener: `GET /metrics` (jobs, stages, providers, queue,
 * the pools, the process) and `GET /healthz`. Queue statistics are read at scrape
 * time through a one-connection pool. A port already in use is logged, not fatal:
 * the worker keeps running without its listener.
 */
export async function startWorkerMetricsServer(opts: {
  host: string;
  port: number;
  connectionString: string;
  logger: Logger;
}): Promise<WorkerMetricsServer> {
  const db = new pg.Pool({ connectionString: opts.connectionString, max: 1, application_name: "coherence-metrics" });
  db.on("error", () => {});
  const unregister = registerPoolMetrics(db, "worker-metrics");
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/metrics") {
      renderMetrics().then(
        ({ contentType, body }) => {
          res.writeHead(200, { "Content-Type": contentType, "Cache-Control": "no-store" });
          res.end(body);
        },
        (err) => {
          opts.logger.warn({ err }, "metrics scrape failed");
          res.writeHead(500).end();
        },
      );
      return;
    }
    if (req.method === "GET" && req.url === "/healthz") {
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    res.writeHead(404).end();
  });
  const close = async () => {
    setQueueStatsSource(undefined);
    unregister();
    await new Promise<void>((r) => server.close(() => r()));
    await db.end().catch(() => {});
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port, opts.host, () => resolve());
    });
  } catch (err) {
    opts.logger.warn({ err, port: opts.port }, "worker metrics listener could not start; continuing without it");
    unregister();
    await db.end().catch(() => {});
    return { url: undefined, close: async () => {} };
  }
  setQueueStatsSource(() => readQueueStats(db));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return { url: `http://${opts.host}:${port}`, close };
}
