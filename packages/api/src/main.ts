import cluster from "node:cluster";
import { bootService } from "@coherence/core";
import { runApiPrimary } from "./cluster";
import { startApiServer } from "./server";

// Workers get the primary's database (an embedded Postgres is started once, by the primary).
const { config, logger, databaseUrl, exit, exitOnSignal } = await bootService({
  service: "api",
  migrate: cluster.isPrimary,
});

if (config.apiProcesses > 1 && cluster.isPrimary) {
  await exit(await runApiPrimary({ processes: config.apiProcesses, env: { DATABASE_URL: databaseUrl }, logger }));
} else {
  const api = await startApiServer({ config, logger, databaseUrl });
  logger.info({ url: api.url, docs: `${api.url}/api/docs` }, "API listening");
  exitOnSignal({ message: "shutting down: finishing in-flight requests", close: () => api.close() });
}
