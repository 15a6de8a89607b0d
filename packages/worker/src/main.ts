import { createLogger, createStorage, loadConfig, loadDotEnv, migrate, resolveDatabaseUrl } from "@coherence/core";
import { startWorker } from "./runner";
import { createTaskList } from "./tasks";

loadDotEnv();
const config = loadConfig();
const logger = createLogger({
  level: config.LOG_LEVEL,
  pretty: config.LOG_PRETTY ?? !config.isProduction,
  name: "worker",
});
const database = await resolveDatabaseUrl(config, logger);
if (!config.isProduction) await migrate({ url: database.url, logger });
const runner = await startWorker({
  config,
  logger,
  databaseUrl: database.url,
  taskList: createTaskList({ logger, storage: createStorage(config) }),
});
logger.info({ concurrency: config.WORKER_CONCURRENCY }, "worker running");

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker shutting down: running jobs are signalled to stop");
    await runner.stop();
    await database.stop();
    process.exit(0);
  });
}
await runner.promise;
