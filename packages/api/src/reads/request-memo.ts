import type { VideoRow } from "@coherence/core";

/**
 * Rows read earlier in the same request (by the conditional-read middleware, for the
 * ETag), so the procedure does not read them again: one round trip less per request.
 * Keyed by the request object, so nothing outlives the request or crosses to another.
 */
type Memo = { ownedVideo?: VideoRow; videosInProgress?: { userId: string; count: number } };
const memos = new WeakMap<object, Memo>();

function memoOf(req: object): Memo {
  const memo = memos.get(req) ?? {};
  memos.set(req, memo);
  return memo;
}

export function rememberOwnedVideo(req: object, video: VideoRow): void {
  memoOf(req).ownedVideo = video;
}

/** The video remembered for this request, if it is this user's video with this id. */
export function recallOwnedVideo(req: object | undefined, opts: { userId: string; videoId: string }) {
  const video = req ? memos.get(req)?.ownedVideo : undefined;
  return video && video.id === opts.videoId && video.userId === opts.userId ? video : undefined;
}

export function rememberVideosInProgress(req: object, value: { userId: string; count: number }): void {
  memoOf(req).videosInProgress = value;
}

/** How many of this user's videos are queued or processing, if read earlier in this request. */
export function recallVideosInProgress(req: object | undefined, userId: string): number | undefined {
  const value = req ? memos.get(req)?.videosInProgress : undefined;
  return value?.userId === userId ? value.count : undefined;
}
