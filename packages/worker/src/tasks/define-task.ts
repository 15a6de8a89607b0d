import { type Logger, type ParsedTaskPayload, TASK_PAYLOADS, type TaskName } from "@coherence/core";
import type { JobHelpers, Task } from "graphile-worker";
import type { z } from "zod";

export type TaskContext = {
  logger: Logger;
  jobId: string;
  attempt: number;
  maxAttempts: number;
  signal: AbortSignal;
  helpers: JobHelpers;
};

/**
 * Wraps a handler so that its payload is parsed with zod at the door. A payload
 * that does not parse can never succeed, so it is logged and dropped rather than retried.
 */
export function defineTask<S extends z.ZodType>(opts: {
  schema: S;
  logger: Logger;
  handler: (payload: z.infer<S>, ctx: TaskContext) => Promise<void>;
}): Task {
  return async (payload, helpers) => {
    const jobId = String(helpers.job.id);
    const base = { jobId, task: helpers.job.task_identifier };
    const parsed = opts.schema.safeParse(payload);
    if (!parsed.success) {
      opts.logger.error({ ...base, issues: parsed.error.issues }, "invalid job payload: dropped");
      return;
    }
    // enqueueJob adds `requestId` to every payload enqueued during a request; a schema
    // that does not declare it strips it, so it is read from the raw payload too.
    const raw = (typeof payload === "object" && payload !== null ? payload : {}) as Record<string, unknown>;
    const fields = { ...raw, ...(parsed.data as object) } as { requestId?: string; videoId?: string; userId?: string };
    const logger = opts.logger.child({
      ...base,
      ...(fields.requestId ? { requestId: fields.requestId } : {}),
      ...(fields.videoId ? { videoId: fields.videoId } : {}),
      ...(fields.userId ? { userId: fields.userId } : {}),
    });
    await opts.handler(parsed.data, {
      logger,
      jobId,
      attempt: helpers.job.attempts,
      maxAttempts: helpers.job.max_attempts,
      signal: helpers.abortSignal ?? new AbortController().signal,
      helpers,
    });
  };
}

/**
 * A task of the job contract: its payload is parsed with the contract's schema, the one
 * the enqueuing side (`enqueueJob`) is typed by.
 */
export function defineContractTask<T extends TaskName>(opts: {
  task: T;
  logger: Logger;
  handler: (payload: ParsedTaskPayload<T>, ctx: TaskContext) => Promise<void>;
}): Task<T> {
  return defineTask({
    // Indexing the table by a generic name loses the pairing of name and schema; it holds by construction.
    schema: TASK_PAYLOADS[opts.task] as unknown as z.ZodType<ParsedTaskPayload<T>>,
    logger: opts.logger,
    handler: opts.handler,
  });
}
