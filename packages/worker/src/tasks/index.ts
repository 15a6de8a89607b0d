import type { Config, Database, Logger, Storage } from "@coherence/core";
import type { TaskList } from "graphile-worker";
import { createPipelineDeps, type ProviderSet, selectProviders } from "../pipeline/create-deps";
import { ANALYZE_VIDEO, createAnalyzeVideoTask } from "./analyze-video";
import { DELETE_USER_DATA_TASK, deleteUserDataTask } from "./delete-user-data";
import { createPurgeExpiredUploadsTask, PURGE_EXPIRED_UPLOADS } from "./purge-expired-uploads";
import { createPurgeProviderCacheTask, PURGE_PROVIDER_CACHE } from "./purge-provider-cache";
import { createRescoreAnalysisTask, RESCORE_ANALYSIS } from "./rescore-analysis";

export type TaskDeps = {
  config: Config;
  db: Database;
  storage: Storage;
  logger: Logger;
  /** Built lazily: the local engines load models on first use. */
  providers: () => ProviderSet;
};

/** The worker's task list. Each task is a thin handler: parse the payload, call the pipeline. */
export function createTaskList(deps: TaskDeps): TaskList {
  return {
    [ANALYZE_VIDEO]: createAnalyzeVideoTask({
      db: deps.db,
      storage: deps.storage,
      logger: deps.logger,
      fps: deps.config.ANALYSIS_FPS,
      prices: deps.config.PROVIDER_PRICES,
      providers: deps.providers,
      pipeline: ({ providers, logger }) => createPipelineDeps({ providers, logger, db: deps.db }),
    }),
    [DELETE_USER_DATA_TASK]: deleteUserDataTask(deps),
    [PURGE_EXPIRED_UPLOADS]: createPurgeExpiredUploadsTask(deps),
    [PURGE_PROVIDER_CACHE]: createPurgeProviderCacheTask(deps),
    [RESCORE_ANALYSIS]: createRescoreAnalysisTask(deps),
  };
}

/**
 * The task list with the providers this configuration selects (cloud where keys are
 * set, local otherwise), built on first use: the local engines load models then.
 */
export function createConfiguredTaskList(deps: Omit<TaskDeps, "providers">): TaskList {
  let providers: ProviderSet | undefined;
  return createTaskList({
    ...deps,
    providers: () => {
      providers ??= selectProviders({ config: deps.config, db: deps.db, logger: deps.logger });
      return providers;
    },
  });
}
