import { createVideoRepository, type Database, type Logger, type Storage, videoPrefix } from "@coherence/core";

/**
 * Deletes a video: its pending job and rows (VideoRepository.remove, which hands an
 * analysis that other uploads of the same content reuse to one of them), then its stored objects.
 */
export async function removeVideo(opts: {
  db: Database;
  storage: Storage;
  logger: Logger;
  userId: string;
  videoId: string;
}): Promise<void> {
  const { userId, videoId } = opts;
  await createVideoRepository(opts.db).remove({ userId, videoId });
  const prefix = videoPrefix(userId, videoId);
  try {
    await opts.storage.deletePrefix(prefix);
  } catch (err) {
    // The rows are gone; the objects can be removed later from this logged prefix.
    opts.logger.error({ err, videoId, prefix }, "video deleted but its stored objects could not be removed");
    throw err;
  }
}
