import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Database } from "../db/kysely";

declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of the run's Postgres server (set by global-setup). */
    pgAdminUrl: string;
    /** Name of the migrated template database each test file clones. */
    pgTemplate: string;
  }
}

export type TestDatabase = { url: string; db: Database; pool: pg.Pool; destroy: () => Promise<void> };

async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, fully migrated database cloned from the run's template. Call once
 * per test file (in beforeAll) and destroy it in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject("pgTemplate");
  const name = `coherence_t_${template.split("_").pop()}_${randomBytes(4).toString("hex")}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`create database "${name}" template "${template}"`);
      break;
    } catch (err) {
      // Concurrent clones of one template can collide briefly.
      if (attempt >= 20 || !String((err as Error).message).includes("being accessed")) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = new URL(inject("pgAdminUrl"));
  url.pathname = `/${name}`;
  const { db, pool } = createDb({ url: url.toString(), poolMax: 5 });
  return {
    url: url.toString(),
    db,
    pool,
    destroy: async () => {
      await db.destroy();
      await adminQuery(`drop database if exists "${name}" with (force)`);
    },
  };
}
