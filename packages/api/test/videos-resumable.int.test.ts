import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  originalVideoKey,
  purgeExpiredResumableUploads,
  RESUMABLE_UPLOAD_EXPIRY_MS,
  resumableUploadDir,
} from "@coherence/core";
import { generateMediaFixtures, type MediaFixtures } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./helpers";
import { startCuttingProxy } from "./resumable-proxy";
import { createUser, filesUnder } from "./video-helpers";

const LIMIT = 256 * 1024;
const CHUNK = 16 * 1024;
const PATH = "/api/v1/uploads/resumable";
let api: TestApi;
let fx: MediaFixtures;
let mp4: Buffer;
let user: Awaited<ReturnType<typeof createUser>>;
let other: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  [api, fx] = await Promise.all([startTestApi({ env: { UPLOAD_MAX_BYTES: String(LIMIT) } }), generateMediaFixtures()]);
  mp4 = await readFile(fx.mp4);
  [user, other] = await Promise.all([createUser(api), createUser(api)]);
});
afterAll(async () => {
  await api?.stop();
});

const TUS = { "tus-resumable": "1.0.0" };
const b64 = (s: string) => Buffer.from(s).toString("base64");
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const partialFiles = () => readdirSync(resumableUploadDir(api.deps.config));

async function create(opts: { base: string; auth: Record<string, string>; size: number; filetype?: string }) {
  return fetch(`${opts.base}${PATH}`, {
    method: "POST",
    headers: {
      ...TUS,
      ...opts.auth,
      "upload-length": String(opts.size),
      "upload-metadata": `filename ${b64("talk.mp4")},filetype ${b64(opts.filetype ?? "video/mp4")},title ${b64("Resumed")}`,
    },
  });
}

/** A minimal tus client: HEAD for the server's offset, then PATCH chunk by chunk; a dropped connection starts over at HEAD. */
async function sendAll(opts: { base: string; location: string; auth: Record<string, string>; data: Buffer }) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const head = await fetch(`${opts.base}${opts.location}`, { method: "HEAD", headers: { ...TUS, ...opts.auth } });
    let offset = Number(head.headers.get("upload-offset"));
    try {
      while (offset < opts.data.length) {
        const res = await fetch(`${opts.base}${opts.location}`, {
          method: "PATCH",
          headers: {
            ...TUS,
            ...opts.auth,
            "upload-offset": String(offset),
            "content-type": "application/offset+octet-stream",
          },
          body: new Uint8Array(opts.data.subarray(offset, offset + CHUNK)),
        });
        if (res.status >= 300) return res;
        offset = Number(res.headers.get("upload-offset"));
        if (offset === opts.data.length) return res;
      }
    } catch {
      // The connection was cut: ask the server where to continue.
    }
  }
  throw new Error("the upload did not finish");
}

describe("resumable uploads (tus) through a connection that drops", () => {
  it("continues from the acknowledged offset, never resends acknowledged bytes, and stores the exact file", async () => {
    const proxy = await startCuttingProxy({ target: api.url, cutAfterBytes: Math.floor(mp4.length * 0.4) + 123 });
    try {
      const created = await create({ base: proxy.url, auth: user.auth, size: mp4.length });
      expect(created.status).toBe(201);
      const location = created.headers.get("location") as string;
      expect(location).toMatch(new RegExp(`^${PATH}/${user.id}\\.`));
      const done = await sendAll({ base: proxy.url, location, auth: user.auth, data: mp4 });
      expect(done.status).toBe(200);
      const body = (await done.json()) as { video: { id: string; title: string; sizeBytes: number } };
      expect(proxy.cuts()).toBe(1);
      // Only what was in flight when the line dropped can be sent twice: less than one chunk.
      expect(proxy.bodyBytes()).toBeGreaterThanOrEqual(mp4.length);
      expect(proxy.bodyBytes()).toBeLessThan(mp4.length + CHUNK);
      expect(body.video).toMatchObject({ title: "Resumed", sizeBytes: mp4.length });
      const stored = await (await api.deps.storage.get(originalVideoKey(user.id, body.video.id))).toArray();
      expect(sha256(Buffer.concat(stored))).toBe(sha256(mp4));
      const row = await api.testDb.db
        .selectFrom("videos")
        .select(["contentHash", "status"])
        .where("id", "=", body.video.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ contentHash: sha256(mp4), status: "queued" });
      expect(partialFiles()).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe("resumable uploads: access, refusals, cancel and expiry", () => {
  it("refuses an anonymous client and hides one user's upload from another (404)", async () => {
    expect((await create({ base: api.url, auth: {}, size: 10 })).status).toBe(401);
    const created = await create({ base: api.url, auth: user.auth, size: mp4.length });
    const location = created.headers.get("location") as string;
    for (const method of ["HEAD", "PATCH", "DELETE"]) {
      const res = await fetch(`${api.url}${location}`, {
        method,
        headers: { ...TUS, ...other.auth, "upload-offset": "0", "content-type": "application/offset+octet-stream" },
        body: method === "PATCH" ? new Uint8Array(mp4.subarray(0, 10)) : undefined,
      });
      expect(res.status).toBe(404);
    }
    await fetch(`${api.url}${location}`, { method: "DELETE", headers: { ...TUS, ...user.auth } });
  });

  it("lets the web app's origin use the protocol across origins (preflight allows and exposes the tus headers)", async () => {
    const origin = api.deps.config.corsOrigins[0] as string;
    const res = await fetch(`${api.url}${PATH}`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "tus-resumable,upload-offset,upload-length,upload-metadata,x-csrf-token",
      },
    });
    expect(res.headers.get("access-control-allow-origin")).toBe(origin);
    const allowed = res.headers.get("access-control-allow-headers")?.toLowerCase() ?? "";
    for (const h of ["tus-resumable", "upload-offset", "upload-length", "upload-metadata", "x-csrf-token"]) {
      expect(allowed).toContain(h);
    }
    const created = await fetch(`${api.url}${PATH}`, {
      method: "POST",
      headers: { ...TUS, ...user.auth, origin, "upload-length": "10", "upload-metadata": `filename ${b64("a.mp4")}` },
    });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(created.headers.get("access-control-allow-origin")).toBe(origin);
    expect(created.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("location");
    await fetch(`${api.url}${created.headers.get("location")}`, {
      method: "DELETE",
      headers: { ...TUS, ...user.auth },
    });
  });

  it("answers a file over the size limit with the standard 413 body before storing anything", async () => {
    const res = await create({ base: api.url, auth: user.auth, size: LIMIT + 1 });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.any(String), code: "PAYLOAD_TOO_LARGE", retryable: false });
  });

  it("refuses a damaged video with the streamed path's answer (422 INVALID_MEDIA), and keeps nothing", async () => {
    const cut = mp4.subarray(0, Math.floor(mp4.length / 2));
    const before = filesUnder(api.deps.config.STORAGE_DIR as string);
    const created = await create({ base: api.url, auth: user.auth, size: cut.length });
    const location = created.headers.get("location") as string;
    const res = await sendAll({ base: api.url, location, auth: user.auth, data: cut });
    expect(res.status).toBe(422);
    expect(JSON.parse(await res.text())).toEqual({
      error: expect.any(String),
      code: "INVALID_MEDIA",
      retryable: false,
    });
    expect(filesUnder(api.deps.config.STORAGE_DIR as string)).toEqual(before);
    const rows = await api.testDb.db.selectFrom("videos").select("id").where("title", "=", "Resumed").execute();
    expect(rows).toHaveLength(1); // only the first test's video
  });

  it("refuses a declared type that is not a video before storing anything (415)", async () => {
    const res = await create({ base: api.url, auth: user.auth, size: 100, filetype: "text/plain" });
    expect(res.status).toBe(415);
    expect(JSON.parse(await res.text())).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", retryable: false });
    expect(partialFiles()).toEqual([]);
  });

  it("removes the partial upload on cancel (DELETE)", async () => {
    const created = await create({ base: api.url, auth: user.auth, size: mp4.length });
    const location = created.headers.get("location") as string;
    await fetch(`${api.url}${location}`, {
      method: "PATCH",
      headers: { ...TUS, ...user.auth, "upload-offset": "0", "content-type": "application/offset+octet-stream" },
      body: new Uint8Array(mp4.subarray(0, CHUNK)),
    });
    expect(partialFiles().length).toBeGreaterThan(0);
    const res = await fetch(`${api.url}${location}`, { method: "DELETE", headers: { ...TUS, ...user.auth } });
    expect(res.status).toBe(204);
    expect(partialFiles()).toEqual([]);
    expect((await fetch(`${api.url}${location}`, { method: "HEAD", headers: { ...TUS, ...user.auth } })).status).toBe(
      404,
    );
  });

  it("lets the purge job remove a partial upload abandoned past its expiry", async () => {
    const created = await create({ base: api.url, auth: user.auth, size: mp4.length });
    const id = (created.headers.get("location") as string).split("/").pop() as string;
    const info = join(resumableUploadDir(api.deps.config), `${id}.json`);
    const meta = JSON.parse(readFileSync(info, "utf8")) as { creation_date: string };
    expect(await purgeExpiredResumableUploads(api.deps.config)).toBe(0);
    meta.creation_date = new Date(Date.now() - RESUMABLE_UPLOAD_EXPIRY_MS - 60_000).toISOString();
    writeFileSync(info, JSON.stringify(meta));
    expect(await purgeExpiredResumableUploads(api.deps.config)).toBe(1);
    expect(existsSync(info)).toBe(false);
    expect(partialFiles()).toEqual([]);
  });
});
