import { createHmac, timingSafeEqual } from "node:crypto";

export type JwtPayload = Record<string, unknown>;

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function decodeJson(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

const isObject = (x: unknown): x is JwtPayload => typeof x === "object" && x !== null && !Array.isArray(x);

/** The registered time claim `name`: absent, or a number (anything else makes the token invalid). */
function timeClaim(payload: JwtPayload, name: "exp" | "nbf" | "iat"): number | undefined | null {
  const value = payload[name];
  if (value === undefined) return undefined;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function claimsHold(payload: JwtPayload, opts: { issuer: string; audience: string; nowSeconds: number }): boolean {
  const exp = timeClaim(payload, "exp");
  const nbf = timeClaim(payload, "nbf");
  if (exp === null || nbf === null || timeClaim(payload, "iat") === null) return false;
  if (exp !== undefined && exp <= opts.nowSeconds) return false;
  if (nbf !== undefined && nbf > opts.nowSeconds) return false;
  if (payload.iss !== opts.issuer) return false;
  const aud = payload.aud;
  return aud === opts.audience || (Array.isArray(aud) && aud.includes(opts.audience));
}

/**
 * Verifies a compact HS256 JWT synchronously with node:crypto and returns its payload, or
 * null. The same checks as jose's `jwtVerify(token, key, { algorithms: ["HS256"], issuer,
 * audience })`: the header must say exactly HS256 and carry no `crit` extensions; the signature
 * is compared in constant time; `exp` must be in the future, `nbf` in the past, `iss` and `aud`
 * must match. jose goes through WebCrypto, an asynchronous job costing ~120 µs of CPU per
 * token against ~8 µs here (measured, documentation/performance.md), and the API checks a
 * token on every session-cache miss.
 */
export function verifyHs256Jwt(
  token: string,
  opts: { secret: string; issuer: string; audience: string; now?: Date },
): JwtPayload | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((p) => SEGMENT.test(p))) return null;
  const [header, payload, signature] = parts as [string, string, string];
  const protectedHeader = decodeJson(header);
  if (!isObject(protectedHeader) || protectedHeader.alg !== "HS256" || "crit" in protectedHeader) return null;
  const expected = createHmac("sha256", opts.secret).update(`${header}.${payload}`).digest("base64url");
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) return null;
  const claims = decodeJson(payload);
  if (!isObject(claims)) return null;
  const nowSeconds = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return claimsHold(claims, { issuer: opts.issuer, audience: opts.audience, nowSeconds }) ? claims : null;
}
