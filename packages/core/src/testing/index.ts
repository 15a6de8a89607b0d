export { loadConfig } from "../config";
export { createLogger } from "../logger";
export * from "../media/fixtures.testkit";
export * from "../storage/s3rver.testkit";
export * from "./db";
export * from "./wait";
