export * from "./config";
export * from "./db/embedded";
export * from "./db/kysely";
export * from "./db/migrate";
export * from "./db/resolve";
export type { DB } from "./db/types";
export * from "./jobs";
export * from "./logger";
export * from "./paths";
