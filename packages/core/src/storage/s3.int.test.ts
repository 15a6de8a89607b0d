import { randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { createStorage } from "./create";
import { originalVideoKey } from "./keys";
import { createS3Storage } from "./s3";
import { type LocalS3, startLocalS3 } from "./s3rver.testkit";
import { describeStorageContract } from "./storage-contract.testkit";
import type { Storage } from "./types";

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  await s3?.stop();
});

// Each test gets its own key (random video ids), so one bucket serves every test.
describeStorageContract("s3 (s3rver)", () => createS3Storage(s3.options));

describe("s3 storage", () => {
  let storage: Storage;
  beforeAll(() => {
    storage = createStorage(loadConfig(s3.env));
  });

  it("is selected by STORAGE_DRIVER=s3 and offers presigned URLs", () => {
    expect(storage.kind).toBe("s3");
    expect(storage.presigned).toBeDefined();
  });

  it("streams a body larger than one part through a multipart upload", async () => {
    const small = createS3Storage({ ...s3.options, partSizeBytes: 5 * 1024 * 1024 });
    const key = originalVideoKey(randomUUID(), randomUUID());
    const body = randomBytes(11 * 1024 * 1024);
    const chunks = Array.from({ length: 11 }, (_, i) => body.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
    expect(await small.put(key, Readable.from(chunks))).toMatchObject({ size: body.length });
    const back = Buffer.concat(await (await small.get(key)).toArray());
    expect(back.equals(body)).toBe(true);
  });

  it("round-trips a presigned PUT and a presigned GET (with Range)", async () => {
    const key = originalVideoKey(randomUUID(), randomUUID());
    const body = Buffer.from("presigned body bytes");
    const putUrl = await storage.presigned!.presignPut(key, {
      expiresInSeconds: 60,
      contentType: "video/mp4",
      contentLength: body.length,
    });
    const put = await fetch(putUrl, { method: "PUT", body, headers: { "content-type": "video/mp4" } });
    expect(put.status).toBe(200);
    expect(await storage.head(key)).toMatchObject({ size: body.length });

    const getUrl = await storage.presigned!.presignGet(key, { expiresInSeconds: 60 });
    const whole = await fetch(getUrl);
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe("presigned body bytes");
    const ranged = await fetch(getUrl, { headers: { range: "bytes=10-13" } });
    expect(ranged.status).toBe(206);
    expect(await ranged.text()).toBe("body");
  });

  it("assembles presigned multipart parts into one object", async () => {
    const key = originalVideoKey(randomUUID(), randomUUID());
    const p = storage.presigned!;
    const uploadId = await p.createMultipartUpload(key, { contentType: "video/mp4" });
    const partOne = randomBytes(5 * 1024 * 1024);
    const partTwo = Buffer.from("tail");
    const parts = [];
    for (const [i, chunk] of [partOne, partTwo].entries()) {
      const url = await p.presignUploadPart(key, { uploadId, partNumber: i + 1, expiresInSeconds: 60 });
      const res = await fetch(url, { method: "PUT", body: chunk });
      expect(res.status).toBe(200);
      parts.push({ partNumber: i + 1, etag: String(res.headers.get("etag")) });
    }
    expect(await storage.head(key)).toBeNull();
    await p.completeMultipartUpload(key, { uploadId, parts });
    expect(await storage.head(key)).toMatchObject({ size: partOne.length + 4 });
    expect(await (await storage.get(key, { start: partOne.length, end: partOne.length + 3 })).toArray()).toEqual([
      Buffer.from("tail"),
    ]);
  });
});
