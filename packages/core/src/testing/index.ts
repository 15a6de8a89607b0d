export { loadConfig } from "../config";
export { createLogger } from "../logger";
export * from "./db";
export * from "../media/fixtures.testkit";
