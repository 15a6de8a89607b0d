import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createFsStorage } from "./fs";
import { originalVideoKey, videoPrefix } from "./keys";
import { describeStorageContract } from "./storage-contract.testkit";

describeStorageContract("fs", () => createFsStorage({ root: mkdtempSync(join(tmpdir(), "coherence-fs-")) }));

describe("fs storage", () => {
  const userId = "11111111-1111-4111-8111-111111111111";
  const videoId = "22222222-2222-4222-8222-222222222222";

  it("removes a video's folder, not just its files, so nothing is left behind", async () => {
    const root = mkdtempSync(join(tmpdir(), "coherence-fs-"));
    const storage = createFsStorage({ root });
    await storage.put(originalVideoKey(userId, videoId), Readable.from(["x"]));
    await storage.deletePrefix(videoPrefix(userId, videoId));
    expect(readdirSync(root)).toEqual([]);
  });

  it("has no presigned URLs", () => {
    expect(createFsStorage({ root: tmpdir() }).presigned).toBeUndefined();
  });
});
