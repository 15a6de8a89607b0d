export * from "./analysis-repository";
export * from "./experiment-repository";
export * from "./script-repository";
export * from "./status";
export * from "./tasks";
export * from "./transaction";
export * from "./video-record";
export * from "./video-repository";
