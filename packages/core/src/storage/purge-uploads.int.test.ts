import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../logger";
import { createTestDatabase, type TestDatabase } from "../testing/db";
import { createFsStorage } from "./fs";
import { originalVideoKey } from "./keys";
import { purgeExpiredUploads } from "./purge-uploads";

let testDb: TestDatabase;
const root = mkdtempSync(join(tmpdir(), "coherence-purge-"));
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
  rmSync(root, { recursive: true, force: true });
});

it("purges expired, unfinished uploads and their objects, and leaves the rest", async () => {
  const storage = createFsStorage({ root });
  const userId = randomUUID();
  await testDb.db
    .insertInto("users")
    .values({ id: userId, email: `${userId}@example.test` })
    .execute();
  const session = async (expiresAt: Date) => {
    const id = randomUUID();
    const storageKey = originalVideoKey(userId, id);
    await storage.put(storageKey, Readable.from(["partial"]));
    await testDb.db
      .insertInto("videoUploads")
      .values({ id, userId, storageKey, contentType: "video/mp4", sizeBytes: 100, expiresAt })
      .execute();
    return { id, storageKey };
  };
  const expired = await session(new Date(Date.now() - 60_000));
  const live = await session(new Date(Date.now() + 60_000));
  const logger = createLogger({ level: "silent" });

  expect(await purgeExpiredUploads({ db: testDb.db, storage, logger })).toBe(1);
  expect(await storage.head(expired.storageKey)).toBeNull();
  expect(await storage.head(live.storageKey)).not.toBeNull();
  const left = await testDb.db.selectFrom("videoUploads").select("id").execute();
  expect(left.map((r) => r.id)).toEqual([live.id]);
  expect(await purgeExpiredUploads({ db: testDb.db, storage, logger })).toBe(0);
});
