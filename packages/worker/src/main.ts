import { bootService, createDb, createStorage } from "@coherence/core";
import { startWorkerMetricsServer } from "./metrics";
import { startWorker } from "./runner";
import { createConfiguredTaskList } from "./tasks";
import { MAINTENANCE_CRONTAB } from "./tasks/purge-expired-uploads";

const { config, logger, databaseUrl, exitOnSignal } = await bootService({ service: "worker", migrate: true });
const { db } = createDb({
  url: databaseUrl,
  poolMax: config.WORKER_CONCURRENCY + 2,
  applicationName: "coherence-worker",
});
const taskList = createConfiguredTaskList({ config, db, storage: createStorage(config), logger });
const runner = await startWorker({ config, logger, databaseUrl, taskList, crontab: MAINTENANCE_CRONTAB });
const metrics = await startWorkerMetricsServer({
  host: config.API_HOST,
  port: config.WORKER_METRICS_PORT,
  connectionString: databaseUrl,
  logger,
});
logger.info(
  { concurrency: config.WORKER_CONCURRENCY, metrics: metrics.url && `${metrics.url}/metrics` },
  "worker running",
);
exitOnSignal({
  message: "worker shutting down: running jobs are signalled to stop",
  close: async () => {
    await runner.stop();
    await db.destroy();
    await metrics.close();
  },
});
await runner.promise;
