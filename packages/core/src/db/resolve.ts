import { join } from "node:path";
import type { Config } from "../config";
import type { Logger } from "../logger";
import { embeddedPostgresUrl, ensureDatabase, findRunningPostgres, startEmbeddedPostgres } from "./embedded";

type ResolvedDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

/** Connects to the embedded Postgres another process (`pnpm dev`) runs; it may still be starting. */
async function joinRunningPostgres(opts: { dataDir: string; port: number; logger: Logger }): Promise<ResolvedDatabase> {
  opts.logger.info(
    { dataDir: opts.dataDir, port: opts.port },
    "the embedded Postgres already runs on this data directory: using it",
  );
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const url = await ensureDatabase(embeddedPostgresUrl(opts.port), "coherence");
      // Not ours to stop: the process that started it stops it.
      return { url, embedded: true, stop: async () => {} };
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(
          `An embedded Postgres holds ${opts.dataDir} (port ${opts.port}, from postmaster.pid) but does not accept connections: ${(err as Error).message}`,
          { cause: err },
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/**
 * Returns the database URL: `DATABASE_URL` when set; otherwise the embedded Postgres in
 * `DATA_DIR/postgres`: the one already running there (another command's, e.g. `pnpm dev`),
 * or one started here. `stop` stops only a server started here.
 */
export async function resolveDatabaseUrl(config: Config, logger: Logger): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  const dataDir = join(config.DATA_DIR, "postgres");
  const running = findRunningPostgres(dataDir);
  if (running) return await joinRunningPostgres({ dataDir, port: running.port, logger });
  logger.info({ dataDir, port: config.EMBEDDED_PG_PORT }, "DATABASE_URL is not set: starting the embedded Postgres");
  const handle = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT, logger });
  try {
    return { url: await ensureDatabase(handle.url, "coherence"), embedded: true, stop: handle.stop };
  } catch (err) {
    await handle.stop();
    throw err;
  }
}

/** Runs `fn` with a database URL, stopping an embedded Postgres started for it afterwards. */
export async function withDatabaseUrl<T>(config: Config, logger: Logger, fn: (url: string) => Promise<T>): Promise<T> {
  const resolved = await resolveDatabaseUrl(config, logger);
  try {
    return await fn(resolved.url);
  } finally {
    await resolved.stop();
  }
}
