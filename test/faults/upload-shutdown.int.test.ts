import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { filesUnder, multipartBody } from "@coherence/api/testing";
import { findFreePort, signAccessToken } from "@coherence/core";
import { createTestDatabase, type TestDatabase, waitUntil } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateFaultTalk } from "./fixtures/talk";
import { killProc, type Proc, query, spawnTs } from "./helpers";

// SIGTERM to an API process while an upload is half sent. Either the client finishes
// within the shutdown grace period and the upload is kept whole (row + object), or it
// does not and the upload is refused cleanly (a retryable error, no row, no bytes);
// in both cases the process then exits 0.
const SECRET = "shutdown-secret-shutdown-secret-0123456";
let testDb: TestDatabase;
let dir: string;
let talk: Buffer;
let auth: string;
const procs: Proc[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "coherence-upload-shutdown-"));
  talk = await readFile((await generateFaultTalk({ dir, seconds: 2 })).path);
  const [user] = await query<{ id: string }>(
    testDb.url,
    "insert into users (email) values ('shutdown@faults.invalid') returning id",
  );
  auth = `Bearer ${await signAccessToken({ userId: user!.id, role: "user" }, { secret: SECRET })}`;
});

afterAll(async () => {
  for (const p of procs) await killProc(p);
  await testDb?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function startApi(storageDir: string): Promise<{ proc: Proc; url: string }> {
  const port = await findFreePort();
  const proc = spawnTs("packages/api/src/main.ts", {
    DATABASE_URL: testDb.url,
    API_PORT: String(port),
    LOG_LEVEL: "warn",
    AUTH_SECRET: SECRET,
    STORAGE_DIR: storageDir,
    SHUTDOWN_TIMEOUT_MS: "2000",
  });
  procs.push(proc);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    () =>
      fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      ),
    {
      what: "the API to be ready",
      timeoutMs: 60_000,
      intervalMs: 200,
    },
  );
  return { proc, url };
}

type Outcome = { status: number; body: Record<string, unknown> } | { error: string };

/** Sends the first half of an upload, runs `between`, then (if `finish`) the rest. */
function halfUpload(opts: { url: string; between: () => Promise<void>; finish: boolean }): Promise<Outcome> {
  const { body, contentType } = multipartBody({ data: talk, filename: "talk.mp4" });
  return new Promise<Outcome>((resolve) => {
    const req = request(`${opts.url}/api/videos/upload`, {
      method: "POST",
      headers: { authorization: auth, "content-type": contentType, "content-length": String(body.length) },
    });
    req.on("error", (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || "{}") }));
    });
    req.write(body.subarray(0, Math.floor(body.length / 2)), async () => {
      await opts.between();
      if (opts.finish) req.end(body.subarray(Math.floor(body.length / 2)));
    });
  });
}

async function videoRows(): Promise<{ id: string; storage_key: string }[]> {
  return await query(testDb.url, "select id::text, storage_key from videos");
}

async function exitCode(proc: Proc, timeoutMs: number): Promise<number | null | "still running"> {
  return await Promise.race([
    proc.exited,
    new Promise<"still running">((r) => setTimeout(() => r("still running"), timeoutMs)),
  ]);
}

describe("SIGTERM to the API during an upload", () => {
  it("an upload the client finishes within the grace period is kept whole, then the process exits 0", async () => {
    const storageDir = join(dir, "storage-finish");
    const api = await startApi(storageDir);
    const outcome = await halfUpload({
      url: api.url,
      finish: true,
      between: async () => {
        api.proc.child.kill("SIGTERM");
        await new Promise((r) => setTimeout(r, 300));
      },
    });
    expect(outcome).toMatchObject({ status: 201 });
    if (!("body" in outcome)) throw new Error(`the upload failed: ${outcome.error}`);
    const id = (outcome.body as { video: { id: string } }).video.id;
    expect(await exitCode(api.proc, 20_000)).toBe(0);
    const rows = await videoRows();
    expect(rows.map((r) => r.id)).toEqual([id]);
    // The one object is the whole file, and no temp file of the write is left.
    const files = filesUnder(storageDir);
    expect(files).toEqual([join(storageDir, rows[0]!.storage_key)]);
    expect((await readFile(files[0]!)).equals(talk)).toBe(true);
    await query(testDb.url, "delete from videos");
  });

  it("an upload still unfinished when the grace period ends fails cleanly: retryable error, no row, no bytes", async () => {
    const storageDir = join(dir, "storage-stall");
    const api = await startApi(storageDir);
    const outcome = await halfUpload({
      url: api.url,
      finish: false, // and then nothing, past SHUTDOWN_TIMEOUT_MS (2 s)
      between: async () => {
        api.proc.child.kill("SIGTERM");
      },
    });
    // Told to upload again (to another instance): the upload gave up before its socket was cut.
    expect(outcome).toMatchObject({ status: 503, body: { code: "SERVICE_UNAVAILABLE", retryable: true } });
    expect(await exitCode(api.proc, 20_000)).toBe(0);
    expect(await videoRows()).toEqual([]);
    expect(filesUnder(storageDir)).toEqual([]);
  });
});
