import {
  type Database,
  type Logger,
  PURGE_EXPIRED_UPLOADS_TASK,
  purgeExpiredUploads,
  type Storage,
} from "@coherence/core";
import type { Task } from "graphile-worker";
import { defineContractTask } from "./define-task";
import { PURGE_PROVIDER_CACHE } from "./purge-provider-cache";

export const PURGE_EXPIRED_UPLOADS = PURGE_EXPIRED_UPLOADS_TASK;

/** Recurring job times for the worker's crontab. */
export const MAINTENANCE_CRONTAB =
  `*/15 * * * * ${PURGE_EXPIRED_UPLOADS} ?max=1\n` + `17 * * * * ${PURGE_PROVIDER_CACHE} ?max=1\n`;

/**
 * Removes direct-upload sessions the client never completed, with their partial
 * objects and multipart uploads, so that abandoned uploads leave nothing behind.
 */
export function createPurgeExpiredUploadsTask(deps: {
  db: Database;
  storage: Storage;
  logger: Logger;
}): Task<typeof PURGE_EXPIRED_UPLOADS_TASK> {
  return defineContractTask({
    task: PURGE_EXPIRED_UPLOADS_TASK,
    logger: deps.logger,
    handler: async (_payload, ctx) => {
      const purged = await purgeExpiredUploads({ db: deps.db, storage: deps.storage, logger: ctx.logger });
      if (purged > 0) ctx.logger.info({ purged }, "expired direct uploads purged");
    },
  });
}
