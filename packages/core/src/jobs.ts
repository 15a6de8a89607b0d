import { type Kysely, sql } from "kysely";
import type { DB } from "./db/types";
import { currentRequestContext } from "./observability/request-context";

/** Anything that can run a query: the Kysely instance or a transaction. */
export type Executor = Kysely<DB>;

export type EnqueueOptions = {
  task: string;
  payload: Record<string, unknown>;
  /** De-duplicates: adding a job with the key of a pending job replaces it rather than adding a second. */
  jobKey?: string;
  queueName?: string;
  runAt?: Date;
  maxAttempts?: number;
  priority?: number;
};

/**
 * Adds a graphile-worker job through SQL, so it commits or rolls back with the
 * caller's transaction: a row and the job that processes it appear together or not at all.
 */
export async function enqueueJob(executor: Executor, opts: EnqueueOptions): Promise<{ id: string }> {
  // The request id follows the work into the worker's log lines (define-task reads `requestId`).
  const requestId = currentRequestContext()?.requestId;
  const payload = requestId && opts.payload.requestId === undefined ? { ...opts.payload, requestId } : opts.payload;
  const { rows } = await sql<{ id: string }>`
    select id::text from graphile_worker.add_job(
      identifier => ${opts.task}::text,
      payload => ${JSON.stringify(payload)}::json,
      queue_name => ${opts.queueName ?? null}::text,
      run_at => ${opts.runAt ?? null}::timestamptz,
      max_attempts => ${opts.maxAttempts ?? null}::int,
      job_key => ${opts.jobKey ?? null}::text,
      priority => ${opts.priority ?? null}::int
    )`.execute(executor);
  const row = rows[0];
  if (!row) throw new Error(`graphile_worker.add_job returned no row for task ${opts.task}`);
  return row;
}
