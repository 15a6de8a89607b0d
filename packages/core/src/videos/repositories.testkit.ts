import { randomUUID } from "node:crypto";
import type { Database } from "../db/kysely";
import { createVideoRepository } from "./video-repository";

/** A user for a repository test (rows a test arranges are not domain writes). */
export async function makeUser(db: Database): Promise<string> {
  const { id } = await db
    .insertInto("users")
    .values({ email: `${randomUUID()}@example.test` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A registered video (queued, its job enqueued), through the repository as an upload would. */
export async function registerTestVideo(db: Database, opts: { userId: string; contentHash?: string }): Promise<string> {
  const videoId = randomUUID();
  await createVideoRepository(db).register({
    videoId,
    userId: opts.userId,
    requestId: "test",
    title: "Talk",
    originalFilename: "talk.mp4",
    contentType: "video/mp4",
    sizeBytes: 1000,
    contentHash: opts.contentHash ?? randomUUID(),
    durationSeconds: 12,
    storageKey: `users/${opts.userId}/videos/${videoId}/original.mp4`,
    uploadMode: "stream",
  });
  return videoId;
}
