import { SignJWT } from "jose";
import { verifyHs256Jwt } from "./hs256";

export type AccessClaims = {
  userId: string;
  role: "user" | "admin";
  /** The sign-in (refresh family) the token was minted for: logout with only an access token revokes it. */
  sessionId?: string;
};

const ISSUER = "coherence";
const AUDIENCE = "coherence-api";
const ALGORITHM = "HS256";

// Importing the raw secret into WebCrypto on every call cost ~10% of the API's CPU under
// load (measured, documentation/performance.md): the imported key is kept per secret.
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const keys = new Map<string, Promise<HmacKey>>();
function key(secret: string): Promise<HmacKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, k);
  }
  return k;
}

/** Signs a short-lived access token (HS256, default 15 minutes). */
export async function signAccessToken(
  claims: AccessClaims,
  opts: { secret: string; ttlSeconds?: number; now?: Date },
): Promise<string> {
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return await new SignJWT(claims.sessionId ? { role: claims.role, sid: claims.sessionId } : { role: claims.role })
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (opts.ttlSeconds ?? 15 * 60))
    .sign(await key(opts.secret));
}

/**
 * Verifies an access token. Only HS256 is accepted, so `alg: none` and
 * algorithm-confusion tokens fail. Returns null for any invalid or expired token.
 * Synchronous HMAC (hs256.ts), not jose's WebCrypto path: ~15× less CPU per check.
 */
export async function verifyAccessToken(token: string, opts: { secret: string }): Promise<AccessClaims | null> {
  const payload = verifyHs256Jwt(token, { secret: opts.secret, issuer: ISSUER, audience: AUDIENCE });
  if (!payload) return null;
  const role = payload.role === "admin" ? "admin" : "user";
  if (typeof payload.sub !== "string" || payload.sub.length === 0) return null;
  const sessionId = typeof payload.sid === "string" && payload.sid.length > 0 ? payload.sid : undefined;
  return sessionId ? { userId: payload.sub, role, sessionId } : { userId: payload.sub, role };
}
