import cluster from "node:cluster";
import {
  createLogger,
  flushErrorTracking,
  initErrorTracking,
  loadConfigOrExit,
  loadDotEnv,
  migrate,
  resolveDatabaseUrl,
} from "@coherence/core";
import { runApiPrimary } from "./cluster";
import { startApiServer } from "./server";

loadDotEnv();
const config = loadConfigOrExit();
const logger = createLogger({
  level: config.LOG_LEVEL,
  pretty: config.LOG_PRETTY ?? !config.isProduction,
  name: "api",
});
const primaryOfMany = config.apiProcesses > 1 && cluster.isPrimary;
await initErrorTracking({ dsn: config.SENTRY_DSN, service: "api", environment: config.NODE_ENV, logger });
// Workers get the primary's database (an embedded Postgres is started once, by the primary).
const database = await resolveDatabaseUrl(config, logger);
if (!config.isProduction && cluster.isPrimary) await migrate({ url: database.url, logger });

if (primaryOfMany) {
  const code = await runApiPrimary({ processes: config.apiProcesses, env: { DATABASE_URL: database.url }, logger });
  await database.stop();
  await flushErrorTracking();
  logger.info("API stopped");
  process.exit(code);
} else {
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
}
