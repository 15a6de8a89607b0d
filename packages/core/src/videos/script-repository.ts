import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { Database } from "../db/kysely";

// Every query on a video's script (issue 14). The text is validated (shared ZScriptText) by the
// caller before it gets here; this file only stores, reads and removes it.

/** A video's stored script. */
export type VideoScript = { videoId: string; text: string; sha256: string; createdAt: Date; updatedAt: Date };

/** sha256 of a script's UTF-8 text, hex: the identity the speech cache and analysis reuse compare. */
export function scriptSha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** The video's script, or undefined when it has none. */
export async function findVideoScript(db: Database, videoId: string): Promise<VideoScript | undefined> {
  return await db.selectFrom("videoScripts").selectAll().where("videoId", "=", videoId).executeTakeFirst();
}

/** The sha256 of the video's script, or null when it has none. */
export async function findVideoScriptHash(db: Database, videoId: string): Promise<string | null> {
  const row = await db.selectFrom("videoScripts").select("sha256").where("videoId", "=", videoId).executeTakeFirst();
  return row?.sha256 ?? null;
}

/**
 * Stores (or replaces) the video's script. `changed` is false when the same text was already
 * stored, so a caller can skip a re-analysis that would give the same result.
 */
export async function saveVideoScript(
  db: Database,
  opts: { videoId: string; text: string },
): Promise<{ script: VideoScript; changed: boolean }> {
  const sha256 = scriptSha256(opts.text);
  const previous = await findVideoScriptHash(db, opts.videoId);
  const script = await db
    .insertInto("videoScripts")
    .values({ videoId: opts.videoId, text: opts.text, sha256 })
    .onConflict((oc) => oc.column("videoId").doUpdateSet({ text: opts.text, sha256, updatedAt: sql<Date>`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { script, changed: previous !== sha256 };
}

/** Removes the video's script; false when it had none. */
export async function deleteVideoScript(db: Database, videoId: string): Promise<boolean> {
  const removed = await db.deleteFrom("videoScripts").where("videoId", "=", videoId).executeTakeFirst();
  return removed.numDeletedRows > 0n;
}

/** Stage outputs a script cannot change: the media's probe and what the camera saw. */
const SCRIPT_INDEPENDENT_STAGES = ["probe", "visuals"];

/**
 * Forgets the video's cached stage outputs that depend on what was said (transcript, audio
 * features, coaching), so the next analysis recognises the speech again with the new script
 * while reusing the probe and the (costly) vision stage.
 */
export async function forgetScriptDependentStages(db: Database, videoId: string): Promise<void> {
  await db
    .deleteFrom("analysisArtifacts")
    .where("videoId", "=", videoId)
    .where("stage", "not in", SCRIPT_INDEPENDENT_STAGES)
    .execute();
}
