// @vitest-environment node
// Node's Blob survives IndexedDB's structured clone as a browser's does; jsdom's does not.
import "fake-indexeddb/auto";
import { describe, expect, it } from "vitest";
import { appendChunk, createTake, deleteTake, loadLatestTake, updateTake } from "./take-store";

const text = (blob: Blob) => blob.text();

describe("take store (IndexedDB)", () => {
  it("keeps every chunk as it arrives, so an interrupted take can be sent after a reload", async () => {
    await createTake({ id: "t1", ownerId: "u1", mimeType: "video/webm", createdAt: 1 });
    await appendChunk({ takeId: "t1", seq: 1, blob: new Blob(["ab"]), durationSeconds: 1 });
    await appendChunk({ takeId: "t1", seq: 2, blob: new Blob(["cd"]), durationSeconds: 2 });
    const interrupted = await loadLatestTake("u1");
    expect(interrupted).toMatchObject({ id: "t1", complete: false, durationSeconds: 2, mimeType: "video/webm" });
    expect(await text(interrupted!.blob)).toBe("abcd");

    await updateTake("t1", { complete: true, durationSeconds: 2.4, title: "Pitch" });
    expect(await loadLatestTake("u1")).toMatchObject({ complete: true, durationSeconds: 2.4, title: "Pitch" });
    // Another person signed in on the same browser is not offered it.
    expect(await loadLatestTake("u2")).toBeNull();
  });

  it("keeps only the latest take, and forgets a take once it is sent", async () => {
    await createTake({ id: "a", ownerId: "u3", mimeType: "video/webm", createdAt: 10 });
    await appendChunk({ takeId: "a", seq: 1, blob: new Blob(["old"]), durationSeconds: 1 });
    await createTake({ id: "b", ownerId: "u3", mimeType: "video/mp4", createdAt: 20 });
    await appendChunk({ takeId: "b", seq: 1, blob: new Blob(["new"]), durationSeconds: 1 });
    const latest = await loadLatestTake("u3");
    expect(latest?.id).toBe("b");
    expect(await text(latest!.blob)).toBe("new");
    await deleteTake("b");
    expect(await loadLatestTake("u3")).toBeNull();
  });
});
