import {
  createDb,
  createLogger,
  createStorage,
  flushErrorTracking,
  initErrorTracking,
  loadConfigOrExit,
  loadDotEnv,
  migrate,
  resolveDatabaseUrl,
} from "@coherence/core";
import { startWorkerMetricsServer } from "./metrics";
import { startWorker } from "./runner";
import { createConfiguredTaskList } from "./tasks";
import { MAINTENANCE_CRONTAB } from "./tasks/purge-expired-uploads";

loadDotEnv();
const config = loadConfigOrExit();
const logger = createLogger({
  level: config.LOG_LEVEL,
  pretty: config.LOG_PRETTY ?? !config.isProduction,
  name: "worker",
});
await initErrorTracking({ dsn: config.SENTRY_DSN, service: "worker", environment: config.NODE_ENV, logger });
const database = await resolveDatabaseUrl(config, logger);
if (!config.isProduction) await migrate({ url: database.url, logger });
const { db } = createDb({
  url: database.url,
  poolMax: config.WORKER_CONCURRENCY + 2,
  applicationName: "coherence-worker",
});
const taskList = createConfiguredTaskList({ config, db, storage: createStorage(config), logger });
const runner = await startWorker({ config, logger, databaseUrl: database.url, taskList, crontab: MAINTENANCE_CRONTAB });
const metrics = await startWorkerMetricsServer({
  host: config.API_HOST,
  port: config.WORKER_METRICS_PORT,
  connectionString: database.url,
  logger,
});
logger.info(
  { concurrency: config.WORKER_CONCURRENCY, metrics: metrics.url && `${metrics.url}/metrics` },
  "worker running",
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker shutting down: running jobs are signalled to stop");
    await runner.stop();
    await db.destroy();
    await metrics.close();
    await database.stop();
    await flushErrorTracking();
    process.exit(0);
  });
}
await runner.promise;
