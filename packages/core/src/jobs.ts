import { type Kysely, sql } from "kysely";
import type { DB } from "./db/types";
import { currentRequestContext } from "./observability/request-context";
import type { TaskName, TaskPayload } from "./videos/tasks";

/** Anything that can run a query: the Kysely instance or a transaction. */
export type Executor = Kysely<DB>;

/** A task of the job contract (videos/tasks.ts), or any other name (tests' throwaway tasks). */
export type AnyTaskName = TaskName | (string & {});

/** The payload `T` takes: typed from the job contract for its tasks, any JSON object otherwise. */
export type PayloadOf<T extends AnyTaskName> = T extends TaskName ? TaskPayload<T> : object;

export type EnqueueOptions<T extends AnyTaskName = AnyTaskName> = {
  task: T;
  payload: PayloadOf<T>;
  /** De-duplicates: adding a job with the key of a pending job replaces it rather than adding a second. */
  jobKey?: string;
  queueName?: string;
  runAt?: Date;
  maxAttempts?: number;
  priority?: number;
};

/** The request id follows the work into the worker's log lines (define-task reads `requestId`). */
function withRequestId(payload: object): object {
  const requestId = currentRequestContext()?.requestId;
  return requestId && (payload as { requestId?: unknown }).requestId === undefined
    ? { ...payload, requestId }
    : payload;
}

/**
 * Adds a graphile-worker job through SQL, so it commits or rolls back with the
 * caller's transaction: a row and the job that processes it appear together or not at all.
 */
export async function enqueueJob<T extends AnyTaskName>(
  executor: Executor,
  opts: EnqueueOptions<T>,
): Promise<{ id: string }> {
  const payload = withRequestId(opts.payload);
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

/**
 * Adds many jobs in one statement (graphile_worker.add_jobs), with enqueueJob's
 * semantics: same transaction as the caller, and a job key replaces a pending job.
 * One round trip instead of one per job: thousands of jobs take milliseconds, not seconds.
 */
export async function enqueueJobs<T extends AnyTaskName>(
  executor: Executor,
  jobs: EnqueueOptions<T>[],
): Promise<{ count: number }> {
  if (jobs.length === 0) return { count: 0 };
  // Keys match the fields of graphile_worker.job_spec.
  const specs = jobs.map((job) => ({
    identifier: job.task,
    payload: withRequestId(job.payload),
    queue_name: job.queueName ?? null,
    run_at: job.runAt?.toISOString() ?? null,
    max_attempts: job.maxAttempts ?? null,
    job_key: job.jobKey ?? null,
    priority: job.priority ?? null,
  }));
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from graphile_worker.add_jobs(
      array(select json_populate_recordset(null::graphile_worker.job_spec, ${JSON.stringify(specs)}::json))
    )`.execute(executor);
  return { count: rows[0]?.count ?? 0 };
}
