import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A fresh opaque token (256 bits, base64url). */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** SHA-256 hex of a token: what the database stores instead of the token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** A key derived from the auth secret for one purpose, so one secret never signs two kinds of thing. */
export function deriveKey(secret: string, purpose: string): string {
  return createHmac("sha256", secret).update(`coherence:${purpose}`).digest("base64url");
}

/**
 * A CSRF token for the signed double-submit pattern: random, and bound to the
 * user by an HMAC, so a token minted for one account (or planted by a sibling
 * subdomain) does not validate for another.
 */
export function createCsrfToken(opts: { secret: string; userId: string }): string {
  const nonce = randomBytes(18).toString("base64url");
  return `${nonce}.${csrfSignature(opts.secret, opts.userId, nonce)}`;
}

/** True when `token` was minted by createCsrfToken for this user. */
export function verifyCsrfToken(token: string, opts: { secret: string; userId: string }): boolean {
  const [nonce, signature, extra] = token.split(".");
  if (!nonce || !signature || extra !== undefined) return false;
  return safeEqual(signature, csrfSignature(opts.secret, opts.userId, nonce));
}

function csrfSignature(secret: string, userId: string, nonce: string): string {
  return createHmac("sha256", deriveKey(secret, "csrf")).update(`${userId}.${nonce}`).digest("base64url");
}
