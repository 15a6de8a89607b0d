import { readFile } from "node:fs/promises";
import { generateMediaFixtures, type LocalS3, type MediaFixtures, startLocalS3 } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./helpers";
import { createUser, uploadVideo } from "./video-helpers";

let s3: LocalS3;
let api: TestApi;
let fx: MediaFixtures;
let mp4: Buffer;
let user: Awaited<ReturnType<typeof createUser>>;
const MiB = 1024 * 1024;

beforeAll(async () => {
  [s3, fx] = await Promise.all([startLocalS3(), generateMediaFixtures()]);
  api = await startTestApi({ env: { ...s3.env, S3_MULTIPART_THRESHOLD_BYTES: String(5 * MiB) } });
  mp4 = await readFile(fx.mp4);
  user = await createUser(api);
});
afterAll(async () => {
  await api?.stop();
  await s3?.stop();
});

const objects = (prefix = "users/") => api.deps.storage.list(prefix);

async function post(path: string, body: unknown) {
  const res = await fetch(`${api.url}/api/v1${path}`, {
    method: "POST",
    headers: { ...user.auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

type Single = { mode: "single"; uploadId: string; url: string; headers: Record<string, string> };
type Multi = {
  mode: "multipart";
  uploadId: string;
  partSizeBytes: number;
  parts: { partNumber: number; url: string }[];
};

describe("streamed upload to S3", () => {
  it("stores the file in the bucket, and stream redirects to a presigned GET that honours Range", async () => {
    const res = await uploadVideo(api, user.auth, { data: mp4 });
    expect(res.status).toBe(201);
    const id = (res.body as { video: { id: string } }).video.id;
    expect(await objects()).toEqual([`users/${user.id}/videos/${id}/original`]);
    const stream = await fetch(`${api.url}/api/videos/${id}/stream`, { headers: user.auth, redirect: "manual" });
    expect(stream.status).toBe(302);
    const location = String(stream.headers.get("location"));
    expect(location).toContain(s3.endpoint);
    expect(location).toContain("X-Amz-Signature");
    const ranged = await fetch(location, { headers: { range: "bytes=4-11" } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).toString("latin1")).toBe(mp4.subarray(4, 12).toString("latin1"));

    const del = await fetch(`${api.url}/api/videos/${id}`, { method: "DELETE", headers: user.auth });
    expect(del.status).toBe(200);
    expect(await objects()).toEqual([]);
  });

  it("leaves no object in the bucket when refusing a file", async () => {
    const text = await readFile(fx.textAsMp4);
    const audio = await readFile(fx.audioOnlyMp4);
    expect((await uploadVideo(api, user.auth, { data: text })).status).toBe(422);
    expect((await uploadVideo(api, user.auth, { data: audio })).status).toBe(422);
    expect(await objects()).toEqual([]);
  });
});

describe("direct upload to S3", () => {
  it("presigned PUT, then completeUpload verifies and registers the video", async () => {
    const created = await post("/videos/uploads", {
      filename: "talk.mp4",
      contentType: "video/mp4",
      sizeBytes: mp4.length,
    });
    expect(created.status).toBe(200);
    const single = created.body as Single;
    expect(single.mode).toBe("single");
    const put = await fetch(single.url, { method: "PUT", body: new Uint8Array(mp4), headers: single.headers });
    expect(put.status).toBe(200);
    const done = await post(`/videos/uploads/${single.uploadId}/complete`, {});
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      video: { id: single.uploadId, status: "queued", sizeBytes: mp4.length, title: "talk" },
      reusedAnalysis: false,
    });
    const again = await post(`/videos/uploads/${single.uploadId}/complete`, {});
    expect(again.status).toBe(404);
    await fetch(`${api.url}/api/videos/${single.uploadId}`, { method: "DELETE", headers: user.auth });
    expect(await objects()).toEqual([]);
  });

  it("a script given when the upload starts is stored with the video; a bad one starts nothing", async () => {
    const start = { filename: "talk.mp4", contentType: "video/mp4", sizeBytes: mp4.length };
    const bad = await post("/videos/uploads", { ...start, script: "PK\u0003\u0004\u0014 slides.pptx" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: "VALIDATION_FAILED", error: expect.stringMatching(/not plain text/) });
    expect(await api.testDb.db.selectFrom("videoUploads").select("id").execute()).toEqual([]);
    const created = (await post("/videos/uploads", { ...start, script: "  Hello, everyone.\n" })).body as Single;
    await fetch(created.url, { method: "PUT", body: new Uint8Array(mp4), headers: created.headers });
    expect((await post(`/videos/uploads/${created.uploadId}/complete`, {})).status).toBe(200);
    const script = await fetch(`${api.url}/api/v1/videos/${created.uploadId}/script`, { headers: user.auth });
    expect(await script.json()).toMatchObject({ videoId: created.uploadId, text: "Hello, everyone." });
    await fetch(`${api.url}/api/videos/${created.uploadId}`, { method: "DELETE", headers: user.auth });
  });

  it("presigned multipart parts for a large file", async () => {
    // A valid MP4 made large by a top-level "free" box (allowed anywhere in the file).
    const pad = Buffer.alloc(6 * MiB);
    pad.writeUInt32BE(pad.length, 0);
    pad.write("free", 4, "latin1");
    const big = Buffer.concat([mp4, pad]);
    const created = await post("/videos/uploads", {
      filename: "long.mp4",
      contentType: "video/mp4",
      sizeBytes: big.length,
    });
    const multi = created.body as Multi;
    expect(multi.mode).toBe("multipart");
    expect(multi.parts).toHaveLength(2);
    const parts = [];
    for (const part of multi.parts) {
      const start = (part.partNumber - 1) * multi.partSizeBytes;
      const res = await fetch(part.url, { method: "PUT", body: big.subarray(start, start + multi.partSizeBytes) });
      expect(res.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: String(res.headers.get("etag")) });
    }
    const missing = await post(`/videos/uploads/${multi.uploadId}/complete`, { parts: parts.slice(0, 1) });
    expect(missing.status).toBe(400);
    const done = await post(`/videos/uploads/${multi.uploadId}/complete`, { parts });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ video: { id: multi.uploadId, sizeBytes: big.length, status: "queued" } });
    expect((await api.deps.storage.head(`users/${user.id}/videos/${multi.uploadId}/original`))?.size).toBe(big.length);
    await fetch(`${api.url}/api/videos/${multi.uploadId}`, { method: "DELETE", headers: user.auth });
  });

  it("refuses and deletes a file that is not a video, or not the announced size", async () => {
    const png = await readFile(fx.png);
    const created = (
      await post("/videos/uploads", { filename: "a.mp4", contentType: "video/mp4", sizeBytes: png.length })
    ).body as Single;
    await fetch(created.url, { method: "PUT", body: png, headers: created.headers });
    const refused = await post(`/videos/uploads/${created.uploadId}/complete`, {});
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: "INVALID_MEDIA", error: expect.stringContaining("image") });
    expect(await objects()).toEqual([]);
    expect(
      await api.testDb.db.selectFrom("videoUploads").select("id").where("id", "=", created.uploadId).execute(),
    ).toEqual([]);
    expect(await api.testDb.db.selectFrom("videos").select("id").where("id", "=", created.uploadId).execute()).toEqual(
      [],
    );

    const notYet = (
      await post("/videos/uploads", { filename: "b.mp4", contentType: "video/mp4", sizeBytes: mp4.length })
    ).body as Single;
    const early = await post(`/videos/uploads/${notYet.uploadId}/complete`, {});
    expect(early.status).toBe(400);
    expect(early.body.error).toMatch(/not been uploaded/);
    // s3rver does not enforce the signed Content-Length (S3 does), which lets this test send a short body.
    await fetch(notYet.url, { method: "PUT", body: new Uint8Array(mp4.subarray(0, 100)), headers: notYet.headers });
    const short = await post(`/videos/uploads/${notYet.uploadId}/complete`, {});
    expect(short.status).toBe(400);
    expect(short.body.error).toMatch(/100 bytes/);
    expect(await objects()).toEqual([]);
  });

  it("validates the announced file before handing out URLs", async () => {
    expect(
      (await post("/videos/uploads", { filename: "../x.mp4", contentType: "video/mp4", sizeBytes: 10 })).status,
    ).toBe(400);
    expect((await post("/videos/uploads", { filename: "x.png", contentType: "image/png", sizeBytes: 10 })).status).toBe(
      415,
    );
    const huge = await post("/videos/uploads", {
      filename: "x.mp4",
      contentType: "video/mp4",
      sizeBytes: 10 * 1024 ** 3,
    });
    expect(huge.status).toBe(413);
  });
});
