import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createFsStorage, enqueueJob, originalVideoKey } from "@coherence/core";
import { createLogger, createTestDatabase, loadConfig, type TestDatabase, waitUntil } from "@coherence/core/testing";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startWorker } from "../src/runner";
import { createTaskList } from "../src/tasks";
import { MAINTENANCE_CRONTAB, PURGE_EXPIRED_UPLOADS } from "../src/tasks/purge-expired-uploads";
import { PURGE_PROVIDER_CACHE } from "../src/tasks/purge-provider-cache";

let testDb: TestDatabase;
let runner: Runner;
const storageRoot = mkdtempSync(join(tmpdir(), "coherence-purge-task-"));
const storage = createFsStorage({ root: storageRoot });

beforeAll(async () => {
  testDb = await createTestDatabase();
  const logger = createLogger({ level: "silent" });
  const config = loadConfig({ WORKER_CONCURRENCY: "1" });
  runner = await startWorker({
    config,
    logger,
    databaseUrl: testDb.url,
    pollInterval: 100,
    crontab: MAINTENANCE_CRONTAB,
    taskList: createTaskList({
      config,
      db: testDb.db,
      storage,
      logger,
      providers: () => {
        throw new Error("this test runs no analysis");
      },
    }),
  });
});
afterAll(async () => {
  await runner?.stop();
  await testDb?.destroy();
  rmSync(storageRoot, { recursive: true, force: true });
});

it("the worker's maintenance job removes abandoned direct uploads and their objects", async () => {
  const userId = randomUUID();
  await testDb.db
    .insertInto("users")
    .values({ id: userId, email: `${userId}@example.test` })
    .execute();
  const id = randomUUID();
  const storageKey = originalVideoKey(userId, id);
  await storage.put(storageKey, Readable.from(["partial upload"]));
  await testDb.db
    .insertInto("videoUploads")
    .values({
      id,
      userId,
      storageKey,
      contentType: "video/mp4",
      sizeBytes: 100,
      expiresAt: new Date(Date.now() - 1000),
    })
    .execute();

  // The crontab registers the task; run it now rather than waiting for the quarter hour.
  await enqueueJob(testDb.db, { task: PURGE_EXPIRED_UPLOADS, payload: {} });
  await waitUntil(async () => (await testDb.db.selectFrom("videoUploads").select("id").execute()).length === 0, {
    what: "the expired upload session to be purged",
  });
  expect(await storage.head(storageKey)).toBeNull();
});

it("the worker's maintenance job deletes expired provider responses and keeps live ones", async () => {
  expect(MAINTENANCE_CRONTAB).toContain(PURGE_PROVIDER_CACHE);
  const row = (fingerprint: string, expiresAt: Date) => ({
    fingerprint,
    provider: "twelvelabs",
    operation: "analyze",
    response: JSON.stringify({ frames: [] }),
    expiresAt,
  });
  await testDb.db
    .insertInto("providerResponseCache")
    .values([row("expired", new Date(Date.now() - 1000)), row("live", new Date(Date.now() + 3_600_000))])
    .execute();

  await enqueueJob(testDb.db, { task: PURGE_PROVIDER_CACHE, payload: {} });
  const left = await waitUntil(
    async () => {
      const rows = await testDb.db.selectFrom("providerResponseCache").select("fingerprint").execute();
      return rows.length === 1 ? rows : undefined;
    },
    { what: "the expired provider response to be purged" },
  );
  expect(left).toEqual([{ fingerprint: "live" }]);
});
