import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a signed stream URL stays valid. A <video> element re-requests ranges while playing. */
export const STREAM_URL_TTL_SECONDS = 30 * 60;

function mac(secret: string, videoId: string, userId: string, expires: number): Buffer {
  return createHmac("sha256", secret).update(`coherence-stream:v1\n${videoId}\n${userId}\n${expires}`).digest();
}

/** Signs (video, owner, expiry) so that a URL alone grants streaming of one video until it expires. */
export function signStreamUrl(opts: { secret: string; videoId: string; userId: string; expires: number }): string {
  return mac(opts.secret, opts.videoId, opts.userId, opts.expires).toString("base64url");
}

/** True when `signature` is valid for this video, owner and expiry, and the expiry is in the future. */
export function verifyStreamSignature(opts: {
  secret: string;
  videoId: string;
  userId: string;
  expires: number;
  signature: string;
  now?: number;
}): boolean {
  if (!Number.isSafeInteger(opts.expires) || opts.expires * 1000 <= (opts.now ?? Date.now())) return false;
  const expected = mac(opts.secret, opts.videoId, opts.userId, opts.expires);
  const given = Buffer.from(opts.signature, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
