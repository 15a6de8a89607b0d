import { type Database, type Logger, type Storage, videoPrefix } from "@coherence/core";
import { sql } from "kysely";
import { findOwnedVideo } from "./video-record";

/**
 * Deletes a video: its pending job (graphile-worker removes it, or, when a worker
 * holds it, stops it from being retried; the task tolerates a missing video),
 * its rows, then its stored objects. An analysis that other uploads of the same
 * content reuse is handed to one of them rather than lost.
 */
export async function removeVideo(opts: {
  db: Database;
  storage: Storage;
  logger: Logger;
  userId: string;
  videoId: string;
}): Promise<void> {
  const { db, userId, videoId } = opts;
  await db.transaction().execute(async (trx) => {
    await findOwnedVideo(trx, { userId, videoId });
    await trx.selectFrom("videos").select("id").where("id", "=", videoId).forUpdate().execute();
    await sql`select graphile_worker.remove_job(${videoId}::text)`.execute(trx);
    const own = await trx.selectFrom("analyses").select("id").where("videoId", "=", videoId).executeTakeFirst();
    if (own) {
      const heir = await trx
        .selectFrom("videos")
        .select("id")
        .where("analysisId", "=", own.id)
        .where("id", "!=", videoId)
        .orderBy("createdAt", "asc")
        .limit(1)
        .executeTakeFirst();
      if (heir) {
        await trx.updateTable("analyses").set({ videoId: heir.id }).where("id", "=", own.id).execute();
        await trx.updateTable("videos").set({ analysisId: null }).where("id", "=", heir.id).execute();
      }
    }
    await trx.deleteFrom("videos").where("id", "=", videoId).execute();
  });
  const prefix = videoPrefix(userId, videoId);
  try {
    await opts.storage.deletePrefix(prefix);
  } catch (err) {
    // The rows are gone; the objects can be removed later from this logged prefix.
    opts.logger.error({ err, videoId, prefix }, "video deleted but its stored objects could not be removed");
    throw err;
  }
}
