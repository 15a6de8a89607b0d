import { type Config, loadConfigOrExit, loadDotEnv } from "./config";
import { migrate } from "./db/migrate";
import { resolveDatabaseUrl } from "./db/resolve";
import { createLogger, type Logger } from "./logger";
import { configureMediaTools } from "./media/tools";
import { flushErrorTracking, initErrorTracking } from "./observability/error-tracking";

/** A long-running process of the product: its configuration, logger and database. */
export type BootedService = {
  config: Config;
  logger: Logger;
  /** DATABASE_URL, or the embedded Postgres (started by this process or joined). */
  databaseUrl: string;
  /** Stops what boot started (an embedded Postgres), flushes error tracking, logs "<service> stopped" and exits. */
  exit: (code: number) => Promise<never>;
  /**
   * On the first SIGTERM or SIGINT: logs `message`, awaits `close` (the service's own resources),
   * then exit(0). Signals that arrive meanwhile are ignored.
   */
  exitOnSignal: (opts: { message: string; close: () => Promise<void> }) => void;
};

/**
 * The start-up the API and the worker share: `.env`, the validated configuration (one line
 * and exit 2 when invalid), the logger, error tracking, the media tools, the database
 * (embedded outside production when DATABASE_URL is unset) and, outside production, its
 * migrations when `migrate` is true.
 */
export async function bootService(opts: {
  service: "api" | "worker";
  migrate: boolean;
  env?: NodeJS.ProcessEnv;
}): Promise<BootedService> {
  if (!opts.env) loadDotEnv();
  const config = loadConfigOrExit(opts.env);
  const logger = createLogger({
    level: config.LOG_LEVEL,
    pretty: config.LOG_PRETTY ?? !config.isProduction,
    name: opts.service,
  });
  await initErrorTracking({ dsn: config.SENTRY_DSN, service: opts.service, environment: config.NODE_ENV, logger });
  configureMediaTools(config);
  const database = await resolveDatabaseUrl(config, logger);
  if (!config.isProduction && opts.migrate) await migrate({ url: database.url, logger });

  const exit = async (code: number): Promise<never> => {
    await database.stop();
    await flushErrorTracking();
    logger.info(`${opts.service === "api" ? "API" : "worker"} stopped`);
    process.exit(code);
  };
  let stopping = false;
  const exitOnSignal: BootedService["exitOnSignal"] = ({ message, close }) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.on(signal, async () => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, message);
        await close();
        await exit(0);
      });
    }
  };
  return { config, logger, databaseUrl: database.url, exit, exitOnSignal };
}
