import { loadConfigOrExit, loadDotEnv } from "../config";
import { createLogger } from "../logger";
import { migrate } from "./migrate";
import { withDatabaseUrl } from "./resolve";

loadDotEnv();
const config = loadConfigOrExit();
const logger = createLogger({ level: config.LOG_LEVEL });
await withDatabaseUrl(config, logger, async (url) => {
  const { applied } = await migrate({ url, logger });
  logger.info({ applied }, applied.length ? "migrations applied" : "database is up to date");
});
