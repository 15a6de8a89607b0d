import type { Config, Logger } from "@coherence/core";
import { Logger as GraphileLogger, type Runner, run, type TaskList } from "graphile-worker";

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
 */
export async function startWorker(opts: {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  taskList: TaskList;
  pollInterval?: number;
}): Promise<Runner> {
  return await run({
    connectionString: opts.databaseUrl,
    concurrency: opts.config.WORKER_CONCURRENCY,
    taskList: opts.taskList,
    logger: graphileLogger(opts.logger),
    noHandleSignals: true,
    pollInterval: opts.pollInterval ?? 1000,
    maxPoolSize: opts.config.WORKER_CONCURRENCY + 2,
  });
}
