import type { Logger, Storage } from "@coherence/core";
import type { TaskList } from "graphile-worker";
import { DELETE_USER_DATA_TASK, deleteUserDataTask } from "./delete-user-data";

/** The worker's task list. Each task is a thin handler: parse the payload, call the pipeline. */
export function createTaskList(deps: { logger: Logger; storage: Storage }): TaskList {
  return {
    [DELETE_USER_DATA_TASK]: deleteUserDataTask(deps),
  };
}
