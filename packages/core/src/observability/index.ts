export * from "./db-pool";
export * from "./error-tracking";
export * from "./metrics";
export * from "./queue";
export * from "./request-context";
