export { startWorker } from "./runner";
export { createTaskList } from "./tasks";
export { defineTask, type TaskContext } from "./tasks/define-task";
