import type { Kysely } from "kysely";
import type { DB } from "../db/types";

/** Anything the repositories run on: the database, or a transaction the caller holds. */
export type DbOrTransaction = Kysely<DB>;

/** Runs `fn` in the caller's transaction when there is one, else in a new one. */
export function inTransaction<T>(db: DbOrTransaction, fn: (trx: DbOrTransaction) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
