// vitest globalSetup for integration tests: one real Postgres for the run (embedded,
// or the server behind DATABASE_URL), and one migrated template database that each
// test file clones, so files never see each other's rows.
import { rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureDatabase, startEmbeddedPostgres } from "../db/embedded";
import { migrate } from "../db/migrate";
import { REPO_ROOT } from "../paths";

import "./db";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const dataDir = join(REPO_ROOT, ".data", `test-postgres-${process.pid}`);
    rmSync(dataDir, { recursive: true, force: true });
    const handle = await startEmbeddedPostgres({ dataDir, persistent: false, fast: true });
    adminUrl = handle.url;
    stop = handle.stop;
  }
  const template = `coherence_tpl_${process.pid}`;
  const templateUrl = await ensureDatabase(adminUrl, template);
  await migrate({ url: templateUrl });
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like $1", [
      `coherence_t_${process.pid}_%`,
    ]);
    for (const { datname } of [...rows, { datname: template }]) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
    await client.end();
    await stop();
  };
}
