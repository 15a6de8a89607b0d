import { type Database, type Logger, PURGE_PROVIDER_CACHE_TASK } from "@coherence/core";
import type { Task } from "graphile-worker";
import { purgeExpiredResponses } from "../providers/cache";
import { defineContractTask } from "./define-task";

export const PURGE_PROVIDER_CACHE = PURGE_PROVIDER_CACHE_TASK;

/**
 * Deletes expired provider responses. Expired rows already read as misses; this only
 * keeps provider_response_cache from growing without bound (responses are large JSON).
 */
export function createPurgeProviderCacheTask(deps: {
  db: Database;
  logger: Logger;
}): Task<typeof PURGE_PROVIDER_CACHE_TASK> {
  return defineContractTask({
    task: PURGE_PROVIDER_CACHE_TASK,
    logger: deps.logger,
    handler: async (_payload, ctx) => {
      const purged = await purgeExpiredResponses(deps.db);
      if (purged > 0) ctx.logger.info({ purged }, "expired provider responses purged");
    },
  });
}
