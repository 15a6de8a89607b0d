import { DELETE_USER_DATA_TASK, type Logger, type Storage, userPrefix } from "@coherence/core";
import type { Task } from "graphile-worker";
import { defineContractTask } from "./define-task";

export { DELETE_USER_DATA_TASK };

/**
 * Removes every stored object of a deleted account. The rows are already gone
 * (deleted with the account, in the transaction that enqueued this job), so this
 * only empties the user's storage prefix. Safe to run twice: a second run finds nothing.
 */
export function deleteUserDataTask(deps: { logger: Logger; storage: Storage }): Task<typeof DELETE_USER_DATA_TASK> {
  return defineContractTask({
    task: DELETE_USER_DATA_TASK,
    logger: deps.logger,
    handler: async (payload, ctx) => {
      const removed = await deps.storage.deletePrefix(userPrefix(payload.userId));
      ctx.logger.info({ removed }, "deleted account's stored objects removed");
    },
  });
}
