export { startWorkerMetricsServer } from "./metrics";
export { startWorker } from "./runner";
export { createConfiguredTaskList, createTaskList } from "./tasks";
export { defineTask, type TaskContext } from "./tasks/define-task";
