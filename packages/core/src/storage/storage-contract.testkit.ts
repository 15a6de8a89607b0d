// The behaviour every Storage implementation must have. Each implementation's
// test file calls describeStorageContract with a factory for a fresh, empty store.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { beforeEach, describe, expect, it } from "vitest";
import { originalVideoKey, videoPrefix } from "./keys";
import type { Storage } from "./types";

/** A stream that yields `chunks` and then fails, like a client that disconnects half-way. */
function failingStream(chunks: string[], error = new Error("client went away")): Readable {
  let i = 0;
  return new Readable({
    read() {
      if (i < chunks.length) this.push(chunks[i++]);
      else setImmediate(() => this.destroy(error));
    },
  });
}

export function describeStorageContract(name: string, makeStorage: () => Promise<Storage> | Storage): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;
    const userId = randomUUID();
    let videoId: string;
    let key: string;

    beforeEach(async () => {
      storage = await makeStorage();
      videoId = randomUUID();
      key = originalVideoKey(userId, videoId);
    });

    it("stores a stream and reads it back whole, by range, and as a local file", async () => {
      const stored = await storage.put(key, Readable.from(["hello ", "world"]), { contentType: "video/mp4" });
      expect(stored).toMatchObject({ key, size: 11 });
      expect(await text(await storage.get(key))).toBe("hello world");
      expect(await text(await storage.get(key, { start: 6, end: 10 }))).toBe("world");
      // A one-byte range (not 0-0: s3rver treats an end of 0 as "to the end", real S3 does not).
      expect(await text(await storage.get(key, { start: 4, end: 4 }))).toBe("o");
      expect(await storage.head(key)).toMatchObject({ key, size: 11 });
      const local = await storage.localPath(key);
      try {
        expect(await readFile(local.path, "utf8")).toBe("hello world");
      } finally {
        await local.cleanup();
      }
    });

    it("replaces an existing object", async () => {
      await storage.put(key, Readable.from(["first version"]));
      await storage.put(key, Readable.from(["second"]));
      expect(await text(await storage.get(key))).toBe("second");
      expect((await storage.head(key))?.size).toBe(6);
    });

    it("answers null for head of a missing object and rejects get of one", async () => {
      expect(await storage.head(key)).toBeNull();
      await expect(storage.get(key)).rejects.toThrow();
    });

    it("leaves nothing behind when the body fails half-way", async () => {
      await expect(storage.put(key, failingStream(["part one, ", "part two"]))).rejects.toThrow(/client went away/);
      expect(await storage.head(key)).toBeNull();
      expect(await storage.list(videoPrefix(userId, videoId))).toEqual([]);
    });

    it("leaves nothing behind when the write is aborted", async () => {
      const controller = new AbortController();
      const body = new Readable({ read() {} });
      body.push("some bytes");
      const pending = storage.put(key, body, { signal: controller.signal });
      setTimeout(() => controller.abort(new Error("stop")), 20);
      await expect(pending).rejects.toThrow();
      expect(await storage.head(key)).toBeNull();
      expect(await storage.list(videoPrefix(userId, videoId))).toEqual([]);
    });

    it("lists and deletes by prefix without touching other videos", async () => {
      const other = originalVideoKey(userId, randomUUID());
      const prefix = videoPrefix(userId, videoId);
      await storage.put(key, Readable.from(["a"]));
      await storage.put(`${prefix}audio.wav`, Readable.from(["b"]));
      await storage.put(other, Readable.from(["c"]));
      expect(await storage.list(prefix)).toEqual([`${prefix}audio.wav`, key]);
      expect(await storage.deletePrefix(prefix)).toBe(2);
      expect(await storage.list(prefix)).toEqual([]);
      expect(await storage.head(other)).toMatchObject({ size: 1 });
      expect(await storage.deletePrefix(prefix)).toBe(0);
    });

    it("deletes one object, and deleting it again is fine", async () => {
      await storage.put(key, Readable.from(["x"]));
      await storage.delete(key);
      expect(await storage.head(key)).toBeNull();
      await storage.delete(key);
    });

    it("refuses keys that could escape their place", async () => {
      for (const bad of ["../etc/passwd", "/abs/path", "users/../../x", ""]) {
        await expect(storage.put(bad, Readable.from(["x"]))).rejects.toThrow(/invalid storage key|escapes/);
      }
    });
  });
}
