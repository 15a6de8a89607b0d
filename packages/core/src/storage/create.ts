import { join } from "node:path";
import type { Config } from "../config";
import { createFsStorage } from "./fs";
import { createS3Storage } from "./s3";
import type { Storage } from "./types";

/** The storage the configuration selects. */
export function createStorage(config: Config): Storage {
  if (config.STORAGE_DRIVER === "s3") {
    if (!config.S3_BUCKET) throw new Error("STORAGE_DRIVER=s3 needs S3_BUCKET.");
    return createS3Storage({
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      credentials:
        config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
          : undefined,
    });
  }
  return createFsStorage({ root: config.STORAGE_DIR ?? join(config.DATA_DIR, "storage") });
}
