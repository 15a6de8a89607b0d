import type { Logger } from "@coherence/core";
import type { TaskList } from "graphile-worker";

/** The worker's task list. Each task is a thin handler: parse the payload, call the pipeline. */
export function createTaskList(_deps: { logger: Logger }): TaskList {
  return {};
}
