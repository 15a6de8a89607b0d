import { join } from "node:path";
import { FileStore } from "@tus/file-store";
import type { Config } from "../config";

/** An unfinished resumable upload that has not been completed this long after it began is removed. */
export const RESUMABLE_UPLOAD_EXPIRY_MS = 24 * 60 * 60 * 1000;

/**
 * Where partial resumable (tus) uploads wait until they are complete. Inside the
 * local storage root, so that the API and the worker (which purges them) agree.
 */
export function resumableUploadDir(config: Config): string {
  return join(config.STORAGE_DIR ?? join(config.DATA_DIR, "storage"), ".resumable");
}

/** The tus file store for partial uploads, with the expiry the purge job enforces. */
export function createResumableUploadStore(config: Config): FileStore {
  return new FileStore({
    directory: resumableUploadDir(config),
    expirationPeriodInMilliseconds: RESUMABLE_UPLOAD_EXPIRY_MS,
  });
}

/** Removes abandoned partial resumable uploads older than the expiry; returns how many. */
export function purgeExpiredResumableUploads(config: Config): Promise<number> {
  return createResumableUploadStore(config).deleteExpired();
}
