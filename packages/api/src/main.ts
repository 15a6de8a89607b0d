import {
  createLogger,
  flushErrorTracking,
  initErrorTracking,
  loadConfig,
  loadDotEnv,
  migrate,
  resolveDatabaseUrl,
} from "@coherence/core";
import { startApiServer } from "./server";

loadDotEnv();
const config = loadConfig();
const logger = createLogger({
  level: config.LOG_LEVEL,
  pretty: config.LOG_PRETTY ?? !config.isProduction,
  name: "api",
});
await initErrorTracking({ dsn: config.SENTRY_DSN, service: "api", environment: config.NODE_ENV, logger });
const database = await resolveDatabaseUrl(config, logger);
if (!config.isProduction) await migrate({ url: database.url, logger });
const api = await startApiServer({ config, logger, databaseUrl: database.url });
logger.info({ url: api.url, docs: `${api.url}/api/docs` }, "API listening");

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    await api.close();
    await database.stop();
    await flushErrorTracking();
    logger.info("API stopped");
    process.exit(0);
  });
}
