import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiServer, startApiServer } from "@coherence/api";
import { filesUnder, multipartBody } from "@coherence/api/testing";
import { signAccessToken } from "@coherence/core";
import { createLogger, createTestDatabase, loadConfig, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FillableStorage, fillableFsStorage } from "./fixtures/full-storage";
import { generateFaultTalk } from "./fixtures/talk";
import { query } from "./helpers";

// The disk fills up while an upload is being written: the client gets a clear,
// retryable STORAGE_FULL (507), and neither a partial file nor a row is left.
const SECRET = "diskfull-secret-diskfull-secret-0123456";
let testDb: TestDatabase;
let dir: string;
let storageDir: string;
let talk: Buffer;
let storage: FillableStorage;
let api: ApiServer;
let auth: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "coherence-disk-full-"));
  storageDir = join(dir, "storage");
  talk = await readFile((await generateFaultTalk({ dir, seconds: 10 })).path);
  // The disk "fills" 64 kB into the ~100 kB file.
  storage = fillableFsStorage({ root: storageDir, failAfterBytes: 64 * 1024 });
  api = await startApiServer({
    config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", AUTH_SECRET: SECRET, STORAGE_DIR: storageDir }),
    logger: createLogger({ level: "silent" }),
    databaseUrl: testDb.url,
    port: 0,
    storage,
  });
  const [user] = await query<{ id: string }>(
    testDb.url,
    "insert into users (email) values ('full@faults.invalid') returning id",
  );
  auth = `Bearer ${await signAccessToken({ userId: user!.id, role: "user" }, { secret: SECRET })}`;
});

afterAll(async () => {
  await api?.close();
  await testDb?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function upload(): Promise<{ status: number; body: Record<string, unknown> }> {
  const { body, contentType } = multipartBody({ data: talk, filename: "talk.mp4" });
  const res = await fetch(`${api.url}/api/videos/upload`, {
    method: "POST",
    headers: { authorization: auth, "content-type": contentType },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const videoCount = async () => (await query<{ n: number }>(testDb.url, "select count(*)::int as n from videos"))[0]?.n;

describe("storage full during an upload", () => {
  it("answers a retryable 507 STORAGE_FULL and leaves no partial file and no row", async () => {
    const res = await upload();
    expect(talk.length).toBeGreaterThan(80 * 1024);
    // The write failed part-way: the real storage's temp file already held some of the video.
    expect(storage.failures).toHaveLength(1);
    expect(storage.failures[0]?.partialBytesOnDisk).toBeGreaterThan(0);
    expect(res).toEqual({
      status: 507,
      body: { code: "STORAGE_FULL", retryable: true, error: expect.stringMatching(/storage is full/) },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/ENOSPC|\/tmp|\.tmp-/);
    expect(await videoCount()).toBe(0);
    expect(filesUnder(storageDir)).toEqual([]);
    const [jobs] = await query<{ n: number }>(testDb.url, "select count(*)::int as n from graphile_worker.jobs");
    expect(jobs?.n).toBe(0);
  });

  it("the same upload succeeds once there is room again (retryable means it)", async () => {
    storage.full = false;
    const res = await upload();
    expect(res.status).toBe(201);
    expect(await videoCount()).toBe(1);
    const files = filesUnder(storageDir);
    expect(files).toHaveLength(1);
    expect((await readFile(files[0]!)).equals(talk)).toBe(true);
  });
});
