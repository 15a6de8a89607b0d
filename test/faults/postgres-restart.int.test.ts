import { existsSync, rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiServer, startApiServer } from "@coherence/api";
import { filesUnder, multipartBody } from "@coherence/api/testing";
import {
  createLogger,
  type EmbeddedPostgresHandle,
  ensureDatabase,
  findFreePort,
  loadConfig,
  migrate,
  signAccessToken,
  startEmbeddedPostgres,
} from "@coherence/core";
import { waitUntil } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateFaultTalk } from "./fixtures/talk";
import { query, ROOT } from "./helpers";

// Postgres restarted while users upload: /readyz answers 503 while it is down, the API
// recovers without a restart, every upload it acknowledged (201) is in the database and
// in storage afterwards, and the ones it refused left nothing behind.
const SECRET = "restart-secret-restart-secret-0123456789";
const dataDir = join(ROOT, ".data", `fault-postgres-${process.pid}`);
let pgHandle: EmbeddedPostgresHandle;
let pgPort: number;
let url: string;
let api: ApiServer;
let dir: string;
let storageDir: string;
let talk: Buffer;
let auth: string;

beforeAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  dir = await mkdtemp(join(tmpdir(), "coherence-pg-restart-"));
  storageDir = join(dir, "storage");
  talk = await readFile((await generateFaultTalk({ dir, seconds: 2 })).path);
  pgPort = await findFreePort();
  pgHandle = await startEmbeddedPostgres({ dataDir, port: pgPort, persistent: true });
  url = await ensureDatabase(pgHandle.url, "restart");
  await migrate({ url });
  api = await startApiServer({
    config: loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      AUTH_SECRET: SECRET,
      STORAGE_DIR: storageDir,
      RATE_LIMIT_API_MAX: "100000",
    }),
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    databaseUrl: url,
    port: 0,
  });
  const [user] = await query<{ id: string }>(
    url,
    "insert into users (email) values ('up@restart.invalid') returning id",
  );
  auth = `Bearer ${await signAccessToken({ userId: user!.id, role: "user" }, { secret: SECRET })}`;
});

afterAll(async () => {
  await api?.close();
  await pgHandle?.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function readyStatus(): Promise<number> {
  return (await fetch(`${api.url}/readyz`, { signal: AbortSignal.timeout(8000) })).status;
}

type Refusal = { status: number; body: { code?: string; retryable?: boolean } };

describe("Postgres restarted under upload load", () => {
  it("readiness goes 503 and back to 200 on its own, and no acknowledged upload is lost", async () => {
    expect(await readyStatus()).toBe(200);
    const acknowledged: string[] = [];
    const refused: Refusal[] = [];
    let networkErrors = 0;
    let running = true;
    const { body, contentType } = multipartBody({ data: talk, filename: "talk.mp4" });
    const uploader = async () => {
      while (running) {
        try {
          const res = await fetch(`${api.url}/api/videos/upload`, {
            method: "POST",
            headers: { authorization: auth, "content-type": contentType },
            body: new Uint8Array(body),
            signal: AbortSignal.timeout(15_000),
          });
          const json = (await res.json()) as { video?: { id: string } } & Refusal["body"];
          if (res.status === 201 && json.video) acknowledged.push(json.video.id);
          else refused.push({ status: res.status, body: json });
        } catch {
          networkErrors++;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const uploaders = Array.from({ length: 4 }, uploader);
    await waitUntil(() => acknowledged.length >= 8, { what: "some uploads", timeoutMs: 60_000 });

    await pgHandle.stop();
    await waitUntil(async () => (await readyStatus()) === 503, { what: "readiness 503", timeoutMs: 20_000 });
    const down = await fetch(`${api.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryable: true });
    // Let the uploaders run into the outage.
    await waitUntil(() => refused.length >= 4, { what: "uploads refused during the outage", timeoutMs: 30_000 });

    pgHandle = await startEmbeddedPostgres({ dataDir, port: pgPort, persistent: true });
    await waitUntil(async () => (await readyStatus().catch(() => 0)) === 200, {
      what: "readiness 200 again",
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    const before = acknowledged.length;
    await waitUntil(() => acknowledged.length >= before + 5, { what: "uploads to succeed again", timeoutMs: 60_000 });
    running = false;
    await Promise.all(uploaders);

    // Refused during the outage: a retryable 503 with the public error body, never a 500 or a 401.
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r, JSON.stringify(r)).toMatchObject({
        status: 503,
        body: { code: "SERVICE_UNAVAILABLE", retryable: true },
      });
    }
    expect(networkErrors).toBe(0);
    // Every acknowledged upload is in the database and its file in storage.
    const rows = await query<{ id: string; storage_key: string }>(url, "select id::text, storage_key from videos");
    const stored = new Map(rows.map((r) => [r.id, r.storage_key]));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    for (const key of stored.values()) expect(existsSync(join(storageDir, key)), key).toBe(true);
    // And nothing else: no file without a row, no temp file of a refused upload.
    const files = filesUnder(storageDir).map((f) => f.slice(storageDir.length + 1));
    expect(files.sort()).toEqual([...stored.values()].sort());
  }, 240_000);
});
