import type { Database } from "../db/kysely";
import type { Logger } from "../logger";
import { videoPrefix } from "./keys";
import type { Storage } from "./types";

/**
 * Removes direct uploads that expired without being completed: aborts their
 * multipart upload, deletes whatever reached storage, then the session row.
 * Safe to run twice and concurrently with itself; meant for a periodic job.
 * Returns how many sessions were purged.
 */
export async function purgeExpiredUploads(opts: {
  db: Database;
  storage: Storage;
  logger: Logger;
  now?: Date;
  limit?: number;
}): Promise<number> {
  const expired = await opts.db
    .selectFrom("videoUploads")
    .select(["id", "userId", "storageKey", "multipartUploadId"])
    .where("expiresAt", "<", opts.now ?? new Date())
    .orderBy("expiresAt")
    .limit(opts.limit ?? 500)
    .execute();
  let purged = 0;
  for (const upload of expired) {
    try {
      if (upload.multipartUploadId && opts.storage.presigned) {
        await opts.storage.presigned.abortMultipartUpload(upload.storageKey, { uploadId: upload.multipartUploadId });
      }
      // A video registered from this upload owns the prefix now; only an orphan's files go.
      const registered = await opts.db.selectFrom("videos").select("id").where("id", "=", upload.id).executeTakeFirst();
      if (!registered) await opts.storage.deletePrefix(videoPrefix(upload.userId, upload.id));
      await opts.db.deleteFrom("videoUploads").where("id", "=", upload.id).execute();
      purged++;
    } catch (err) {
      opts.logger.warn({ err, uploadId: upload.id }, "could not purge an expired upload; will retry next run");
    }
  }
  return purged;
}
