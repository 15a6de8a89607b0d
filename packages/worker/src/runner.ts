import { EventEmitter } from "node:events";
import { type Config, type Logger, registerPoolMetrics } from "@coherence/core";
import { Logger as GraphileLogger, type Runner, run, type TaskList, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import { type LeaseOptions, startWorkerLease } from "./lease";
import { instrumentJobs } from "./metrics";

/** Routes graphile-worker's own log lines into pino. */
function graphileLogger(logger: Logger): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const line = { ...scope, ...meta };
    if (level === "error") logger.error(line, message);
    else if (level === "warning") logger.warn(line, message);
    else logger.debug(line, message);
  });
}

/**
 * Starts a graphile-worker runner on the shared database. Concurrency comes from
 * WORKER_CONCURRENCY; `stop()` finishes running jobs (their abort signal fires) and exits.
 * Jobs are counted and timed (see ./metrics), the pool is exposed as gauges, and a
 * lease (see ./lease) lets other processes re-run this process's jobs if it dies.
 */
export async function startWorker(opts: {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  taskList: TaskList;
  pollInterval?: number;
  /** Overrides how fast jobs of a dead worker are reclaimed (tests shorten it). */
  lease?: Partial<LeaseOptions>;
  /** Recurring jobs in graphile-worker's crontab format; each fires once across all workers. */
  crontab?: string;
}): Promise<Runner> {
  const events: WorkerEvents = new EventEmitter();
  instrumentJobs(events, opts.logger);
  const lease = startWorkerLease({
    connectionString: opts.databaseUrl,
    events,
    logger: opts.logger,
    lease: opts.lease,
  });
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: opts.config.WORKER_CONCURRENCY + 2,
    application_name: "coherence-worker",
  });
  // A connection dropped by a Postgres restart must not crash the process; the pool replaces it.
  pool.on("error", (err) => opts.logger.warn({ err }, "worker pool: idle connection lost"));
  pool.on("connect", (client) => client.on("error", () => {}));
  const unregisterPool = registerPoolMetrics(pool, "worker");
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      concurrency: opts.config.WORKER_CONCURRENCY,
      taskList: opts.taskList,
      logger: graphileLogger(opts.logger),
      noHandleSignals: true,
      pollInterval: opts.pollInterval ?? 1000,
      events,
      ...(opts.crontab ? { crontab: opts.crontab } : {}),
    });
  } catch (err) {
    await lease.stop();
    unregisterPool();
    await pool.end();
    throw err;
  }
  const stop = runner.stop.bind(runner);
  let stopping: Promise<void> | undefined;
  runner.stop = (reason?: string) => {
    stopping ??= (async () => {
      try {
        await stop(reason);
      } finally {
        await lease.stop();
        unregisterPool();
        await pool.end().catch(() => {});
      }
    })();
    return stopping;
  };
  return runner;
}
