import type { VideoRow } from "@coherence/core";
import { describe, expect, it } from "vitest";
import { recallOwnedVideo, recallVideosInProgress, rememberOwnedVideo, rememberVideosInProgress } from "./request-memo";

describe("request memo", () => {
  const video = { id: "v1", userId: "u1" } as VideoRow;

  it("gives a remembered video back only for the same request, user and id", () => {
    const req = {};
    rememberOwnedVideo(req, video);
    expect(recallOwnedVideo(req, { userId: "u1", videoId: "v1" })).toBe(video);
    expect(recallOwnedVideo(req, { userId: "u2", videoId: "v1" })).toBeUndefined();
    expect(recallOwnedVideo(req, { userId: "u1", videoId: "v2" })).toBeUndefined();
    expect(recallOwnedVideo({}, { userId: "u1", videoId: "v1" })).toBeUndefined();
    expect(recallOwnedVideo(undefined, { userId: "u1", videoId: "v1" })).toBeUndefined();
  });

  it("gives the count in progress back only for the same user, zero included", () => {
    const req = {};
    rememberVideosInProgress(req, { userId: "u1", count: 0 });
    expect(recallVideosInProgress(req, "u1")).toBe(0);
    expect(recallVideosInProgress(req, "u2")).toBeUndefined();
  });
});
