import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { DB } from "./types";

export type Database = Kysely<DB>;

// bigint (int8) columns hold byte counts well below 2^53, so numbers are safe and simpler for clients.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric columns (scores, costs) as numbers rather than strings.
pg.types.setTypeParser(1700, (v) => Number(v));

/** Creates the Kysely instance and its pg pool. Column names are snake_case in SQL, camelCase in code. */
export function createDb(opts: { url: string; poolMax?: number; applicationName?: string }): {
  db: Database;
  pool: pg.Pool;
} {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolMax ?? 10,
    application_name: opts.applicationName ?? "coherence",
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A dropped idle connection (Postgres restart) must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  // Same for a connection that dies while checked out (restart during a query): without a
  // listener its 'error' event would be an uncaught exception and kill the process.
  pool.on("connect", (client) => client.on("error", () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
  return { db, pool };
}
