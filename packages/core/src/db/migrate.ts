import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runMigrations as runGraphileMigrations } from "graphile-worker";
import pg from "pg";
import type { Logger } from "../logger";
import { MIGRATIONS_DIR } from "../paths";

const LOCK_ID = 727_001; // arbitrary, fixed: every process migrating this database takes the same lock

export type MigrationFile = { name: string; sql: string; checksum: string };

/** The names of the SQL migrations in order, without reading them. */
export function listMigrationNames(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

/** Lists the SQL migrations in name order (`0001_core.sql`, `0002_auth.sql` …). */
export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  return listMigrationNames(dir).map((name) => {
    const sql = readFileSync(join(dir, name), "utf8");
    return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
  });
}

async function ensureTable(client: pg.ClientBase): Promise<void> {
  await client.query(`create table if not exists schema_migrations (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`);
}

/**
 * Applies pending migrations in order, each in its own transaction, under an
 * advisory lock so that concurrent starters do not race. An applied file whose
 * contents changed is an error: migrations are forward-only and frozen.
 * Also installs graphile-worker's own schema, which the API needs to enqueue jobs.
 */
export async function migrate(opts: { url: string; logger?: Logger; dir?: string }): Promise<{ applied: string[] }> {
  const files = readMigrationFiles(opts.dir);
  const client = new pg.Client({ connectionString: opts.url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_ID]);
    await ensureTable(client);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      "select name, checksum from schema_migrations",
    );
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const file of files) {
      const previous = done.get(file.name);
      if (previous !== undefined) {
        if (previous !== file.checksum) {
          throw new Error(
            `Migration ${file.name} was changed after it was applied. Migrations are forward-only: revert the edit and add a new migration instead.`,
          );
        }
        continue;
      }
      await client.query("begin");
      try {
        await client.query(file.sql);
        await client.query("insert into schema_migrations (name, checksum) values ($1, $2)", [
          file.name,
          file.checksum,
        ]);
        await client.query("commit");
      } catch (err) {
        await client.query("rollback");
        throw new Error(`Migration ${file.name} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(file.name);
      opts.logger?.info({ migration: file.name }, "migration applied");
    }
    await runGraphileMigrations({ connectionString: opts.url, logger: undefined });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end();
  }
  return { applied };
}

/**
 * Which migration files are not yet applied; `/readyz` reports not ready while any are pending.
 * `names` (from listMigrationNames) lets a long-running caller list the folder once.
 */
export async function pendingMigrations(opts: {
  query: (sql: string) => Promise<{ rows: { name: string }[] }>;
  dir?: string;
  names?: readonly string[];
}): Promise<string[]> {
  const names = opts.names ?? listMigrationNames(opts.dir);
  const { rows } = await opts.query("select name from schema_migrations");
  const done = new Set(rows.map((r) => r.name));
  return names.filter((name) => !done.has(name));
}
