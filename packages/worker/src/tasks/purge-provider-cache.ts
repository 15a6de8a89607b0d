import type { Database, Logger } from "@coherence/core";
import type { Task } from "graphile-worker";
import { z } from "zod";
import { purgeExpiredResponses } from "../providers/cache";
import { defineTask } from "./define-task";

export const PURGE_PROVIDER_CACHE = "purge-provider-cache";

/**
 * Deletes expired provider responses. Expired rows already read as misses; this only
 * keeps provider_response_cache from growing without bound (responses are large JSON).
 */
export function createPurgeProviderCacheTask(deps: { db: Database; logger: Logger }): Task {
  return defineTask({
    // graphile-worker's cron adds `_cron` metadata to the payload; nothing else is expected.
    schema: z.object({}).loose(),
    logger: deps.logger,
    handler: async (_payload, ctx) => {
      const purged = await purgeExpiredResponses(deps.db);
      if (purged > 0) ctx.logger.info({ purged }, "expired provider responses purged");
    },
  });
}
