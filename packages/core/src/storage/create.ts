import { join } from "node:path";
import type { Config } from "../config";
import { createFsStorage } from "./fs";
import type { Storage } from "./types";

/** The storage the configuration selects. */
export function createStorage(config: Config): Storage {
  if (config.STORAGE_DRIVER === "s3") {
    throw new Error("STORAGE_DRIVER=s3 is not available in this build yet; use STORAGE_DRIVER=fs.");
  }
  return createFsStorage({ root: config.STORAGE_DIR ?? join(config.DATA_DIR, "storage") });
}
