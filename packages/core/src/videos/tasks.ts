import { z } from "zod";

/**
 * The job contract: every graphile-worker task, by name, with the zod schema of its
 * payload. The API, core and the CLI enqueue through `enqueueJob` (typed per task from
 * this table); the worker's handlers parse their payload with the same schema.
 * `requestId` rides along on every payload enqueued during a request (see jobs.ts).
 */
export const TASK_PAYLOADS = {
  "analyze-video": z.object({
    videoId: z.uuid(),
    userId: z.uuid().optional(),
    requestId: z.string().optional(),
  }),
  "rescore-analysis": z.object({ analysisId: z.uuid(), requestId: z.string().optional() }),
  "delete-user-data": z.object({ userId: z.uuid(), requestId: z.string().optional() }),
  // Cron tasks: graphile-worker's cron adds `_cron` metadata to the payload; nothing else is expected.
  "purge-expired-uploads": z.object({}).loose(),
  "purge-provider-cache": z.object({}).loose(),
} as const;

export type TaskName = keyof typeof TASK_PAYLOADS;

/** What a caller passes when enqueueing `T`. */
export type TaskPayload<T extends TaskName> = z.input<(typeof TASK_PAYLOADS)[T]>;

/** What the handler of `T` receives once its payload parsed. */
export type ParsedTaskPayload<T extends TaskName> = z.output<(typeof TASK_PAYLOADS)[T]>;

export const ANALYZE_VIDEO_TASK = "analyze-video" satisfies TaskName;
export const RESCORE_ANALYSIS_TASK = "rescore-analysis" satisfies TaskName;
export const DELETE_USER_DATA_TASK = "delete-user-data" satisfies TaskName;
export const PURGE_EXPIRED_UPLOADS_TASK = "purge-expired-uploads" satisfies TaskName;
export const PURGE_PROVIDER_CACHE_TASK = "purge-provider-cache" satisfies TaskName;

type TaskPayloads = { [T in TaskName]: TaskPayload<T> };

// graphile-worker's own typing (addJob, TaskList) reads this interface.
declare global {
  namespace GraphileWorker {
    interface Tasks extends TaskPayloads {}
  }
}
