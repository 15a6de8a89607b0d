import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ensureDatabase } from "./embedded";
import { migrate, pendingMigrations, readMigrationFiles } from "./migrate";

// These tests migrate empty databases from zero rather than cloning the template.
const admin = () => inject("pgAdminUrl");
const created: string[] = [];
async function emptyDatabase(): Promise<string> {
  const name = `coherence_t_${inject("pgTemplate").split("_").pop()}_mig${created.length}${Date.now() % 100000}`;
  created.push(name);
  return await ensureDatabase(admin(), name);
}
async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const name of created) await query(admin(), `drop database if exists "${name}" with (force)`);
});

describe("migrate", () => {
  let url: string;
  beforeAll(async () => {
    url = await emptyDatabase();
  });

  it("creates the core model from zero", async () => {
    const { applied } = await migrate({ url });
    expect(applied).toEqual(readMigrationFiles().map((f) => f.name));
    const tables = (
      await query<{ table_name: string }>(
        url,
        "select table_name from information_schema.tables where table_schema = 'public'",
      )
    ).map((r) => r.table_name);
    expect(tables).toEqual(
      expect.arrayContaining([
        "users",
        "videos",
        "analyses",
        "analysis_metrics",
        "dissonance_flags",
        "schema_migrations",
      ]),
    );
    const workerSchema = await query(
      url,
      "select 1 from information_schema.schemata where schema_name = 'graphile_worker'",
    );
    expect(workerSchema).toHaveLength(1);
  });

  it("is a no-op the second time", async () => {
    expect((await migrate({ url })).applied).toEqual([]);
    const pending = await pendingMigrations({
      query: (text) => query<{ name: string }>(url, text).then((rows) => ({ rows })),
    });
    expect(pending).toEqual([]);
  });

  it("enforces the video status values", async () => {
    const [user] = await query<{ id: string }>(url, "insert into users (email) values ('a@example.com') returning id");
    await expect(query(url, `insert into videos (user_id, status) values ('${user!.id}', 'exploded')`)).rejects.toThrow(
      /videos_status_check/,
    );
  });

  it("runs concurrent migrations once, under the lock", async () => {
    const fresh = await emptyDatabase();
    const results = await Promise.all([migrate({ url: fresh }), migrate({ url: fresh }), migrate({ url: fresh })]);
    const totalApplied = results.flatMap((r) => r.applied);
    expect(totalApplied).toEqual(readMigrationFiles().map((f) => f.name));
  });

  it("refuses an applied migration whose file changed, and reports new files as pending", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mig-"));
    writeFileSync(join(dir, "0001_a.sql"), "create table a (id int);");
    const fresh = await emptyDatabase();
    await migrate({ url: fresh, dir });
    writeFileSync(join(dir, "0002_b.sql"), "create table b (id int);");
    const pending = await pendingMigrations({
      dir,
      query: (text) => query<{ name: string }>(fresh, text).then((rows) => ({ rows })),
    });
    expect(pending).toEqual(["0002_b.sql"]);
    writeFileSync(join(dir, "0001_a.sql"), "create table a (id bigint);");
    await expect(migrate({ url: fresh, dir })).rejects.toThrow(/0001_a.sql was changed after it was applied/);
  });

  it("rolls back a failing migration and names it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mig-"));
    writeFileSync(join(dir, "0001_ok.sql"), "create table ok (id int);");
    writeFileSync(join(dir, "0002_bad.sql"), "create table half (id int); select nonsense from nowhere;");
    const fresh = await emptyDatabase();
    await expect(migrate({ url: fresh, dir })).rejects.toThrow(/Migration 0002_bad.sql failed/);
    const half = await query(fresh, "select 1 from information_schema.tables where table_name = 'half'");
    expect(half).toHaveLength(0);
    const applied = await query<{ name: string }>(fresh, "select name from schema_migrations");
    expect(applied.map((r) => r.name)).toEqual(["0001_ok.sql"]);
  });
});
