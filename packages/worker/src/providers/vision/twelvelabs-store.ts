import type { Database } from "@coherence/core";
import { sql } from "kysely";
import { loadTwelveLabsQueries, type TwelveLabsQuery } from "./twelvelabs-queries";

/** Where the TwelveLabs provider keeps its state: the index id, indexed files, the query set. */
export type TwelveLabsStore = {
  getSetting(key: string): Promise<unknown>;
  /** Stores the value unless the key exists; returns the value that won. */
  putSettingIfAbsent(key: string, value: unknown): Promise<unknown>;
  loadQueries(): Promise<TwelveLabsQuery[]>;
};

/** The production store: provider_settings and twelvelabs_queries. */
export function createDbTwelveLabsStore(db: Database): TwelveLabsStore {
  return {
    async getSetting(key) {
      const row = await db.selectFrom("providerSettings").select("value").where("key", "=", key).executeTakeFirst();
      return row?.value;
    },
    async putSettingIfAbsent(key, value) {
      await db
        .insertInto("providerSettings")
        .values({ key, value: sql<never>`${JSON.stringify(value)}::jsonb` })
        .onConflict((oc) => oc.column("key").doNothing())
        .execute();
      const row = await db
        .selectFrom("providerSettings")
        .select("value")
        .where("key", "=", key)
        .executeTakeFirstOrThrow();
      return row.value;
    },
    loadQueries: () => loadTwelveLabsQueries(db),
  };
}
