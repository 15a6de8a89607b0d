import { describe, expect, it } from "vitest";
import { createCsrfToken, deriveKey, hashToken, randomToken, safeEqual, verifyCsrfToken } from "./tokens";

const secret = "0123456789abcdef0123456789abcdef";
const userId = "8a0f4c1e-1111-4222-8333-944445555666";

describe("opaque tokens", () => {
  it("are long, random and stored only as a SHA-256 hash", () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).not.toContain(a);
  });

  it("derive a different key per purpose", () => {
    expect(deriveKey(secret, "csrf")).not.toBe(deriveKey(secret, "authjs"));
    expect(deriveKey(secret, "csrf")).toBe(deriveKey(secret, "csrf"));
  });

  it("compare in constant time, including different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});

describe("CSRF tokens", () => {
  it("validate for the user they were minted for", () => {
    const token = createCsrfToken({ secret, userId });
    expect(verifyCsrfToken(token, { secret, userId })).toBe(true);
  });

  it("do not validate for another user, another secret, or when altered", () => {
    const token = createCsrfToken({ secret, userId });
    expect(verifyCsrfToken(token, { secret, userId: "9b0f4c1e-1111-4222-8333-944445555666" })).toBe(false);
    expect(verifyCsrfToken(token, { secret: `${secret}x`, userId })).toBe(false);
    expect(verifyCsrfToken(`${token}x`, { secret, userId })).toBe(false);
    expect(verifyCsrfToken(`x${token}`, { secret, userId })).toBe(false);
    expect(verifyCsrfToken(`${token}.extra`, { secret, userId })).toBe(false);
    expect(verifyCsrfToken("", { secret, userId })).toBe(false);
  });
});
