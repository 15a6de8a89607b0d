import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createFsStorage } from "./fs";
import { originalVideoKey, videoPrefix } from "./keys";
import { describeStorageContract } from "./storage-contract.testkit";

const roots: string[] = [];
function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "coherence-fs-"));
  roots.push(root);
  return root;
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describeStorageContract("fs", () => createFsStorage({ root: tempRoot() }));

describe("fs storage", () => {
  const userId = "11111111-1111-4111-8111-111111111111";
  const videoId = "22222222-2222-4222-8222-222222222222";

  it("removes a video's folder, not just its files, so nothing is left behind", async () => {
    const root = tempRoot();
    const storage = createFsStorage({ root });
    await storage.put(originalVideoKey(userId, videoId), Readable.from(["x"]));
    await storage.deletePrefix(videoPrefix(userId, videoId));
    expect(readdirSync(root)).toEqual([]);
  });

  it("has no presigned URLs", () => {
    expect(createFsStorage({ root: tmpdir() }).presigned).toBeUndefined();
  });
});
