import { describe, expect, it } from "vitest";
import { signStreamUrl, verifyStreamSignature } from "./stream-signature";

const secret = "s".repeat(40);
const videoId = "11111111-1111-4111-8111-111111111111";
const userId = "22222222-2222-4222-8222-222222222222";
const expires = Math.floor(Date.now() / 1000) + 60;

describe("stream URL signatures", () => {
  const signature = signStreamUrl({ secret, videoId, userId, expires });

  it("verifies what it signed", () => {
    expect(verifyStreamSignature({ secret, videoId, userId, expires, signature })).toBe(true);
  });

  it("refuses another video, user, expiry or secret, and an expired or mangled signature", () => {
    const ok = { secret, videoId, userId, expires, signature };
    expect(verifyStreamSignature({ ...ok, videoId: userId })).toBe(false);
    expect(verifyStreamSignature({ ...ok, userId: videoId })).toBe(false);
    expect(verifyStreamSignature({ ...ok, expires: expires + 1 })).toBe(false);
    expect(verifyStreamSignature({ ...ok, secret: "t".repeat(40) })).toBe(false);
    expect(verifyStreamSignature({ ...ok, now: (expires + 1) * 1000 })).toBe(false);
    expect(verifyStreamSignature({ ...ok, signature: `${signature}x` })).toBe(false);
    expect(verifyStreamSignature({ ...ok, signature: "" })).toBe(false);
    expect(verifyStreamSignature({ ...ok, expires: Number.NaN })).toBe(false);
  });
});
