import { join } from "node:path";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded";

/**
 * Returns the database URL: `DATABASE_URL` when set, otherwise a persistent
 * embedded Postgres in `DATA_DIR/postgres`, started here. `stop` is a no-op
 * for an external database.
 */
export async function resolveDatabaseUrl(
  config: Config,
  logger: Logger,
): Promise<{ url: string; embedded: boolean; stop: () => Promise<void> }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const dataDir = join(config.DATA_DIR, "postgres");
  logger.info({ dataDir, port: config.EMBEDDED_PG_PORT }, "DATABASE_URL is not set: starting the embedded Postgres");
  const handle = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT, logger });
  try {
    return { url: await ensureDatabase(handle.url, "coherence"), embedded: true, stop: handle.stop };
  } catch (err) {
    await handle.stop();
    throw err;
  }
}

/** Runs `fn` with a database URL, stopping an embedded Postgres afterwards. */
export async function withDatabaseUrl<T>(config: Config, logger: Logger, fn: (url: string) => Promise<T>): Promise<T> {
  const resolved = await resolveDatabaseUrl(config, logger);
  try {
    return await fn(resolved.url);
  } finally {
    await resolved.stop();
  }
}
