import { jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { verifyHs256Jwt } from "./hs256";

const secret = "0123456789abcdef0123456789abcdef";
const opts = { secret, issuer: "coherence", audience: "coherence-api" };
const now = Math.floor(Date.now() / 1000);
const b64 = (x: unknown) => Buffer.from(typeof x === "string" ? x : JSON.stringify(x)).toString("base64url");

/** A token with any header and payload, signed (HS256 over the two segments) with `key`. */
async function craft(header: unknown, payload: unknown, key = secret): Promise<string> {
  const signingInput = `${b64(header)}.${b64(payload)}`;
  const hmac = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(signingInput));
  return `${signingInput}.${Buffer.from(signature).toString("base64url")}`;
}

async function joseAccepts(token: string): Promise<boolean> {
  try {
    await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      issuer: opts.issuer,
      audience: opts.audience,
    });
    return true;
  } catch {
    return false;
  }
}

const good = { sub: "u1", role: "user", iss: "coherence", aud: "coherence-api", iat: now, exp: now + 60 };
const header = { alg: "HS256", typ: "JWT" };

describe("verifyHs256Jwt decides as jose's jwtVerify does", () => {
  const cases: [string, () => Promise<string>][] = [
    ["a valid token", () => craft(header, good)],
    ["an audience list naming the API", () => craft(header, { ...good, aud: ["other", "coherence-api"] })],
    ["no typ header", () => craft({ alg: "HS256" }, good)],
    ["no exp", () => craft(header, { ...good, exp: undefined })],
    ["another key", () => craft(header, good, "another-secret-another-secret-000")],
    ["alg none", async () => `${b64({ alg: "none" })}.${b64(good)}.`],
    ["alg HS512 in the header", () => craft({ alg: "HS512" }, good)],
    ["lower-case alg", () => craft({ alg: "hs256" }, good)],
    ["a crit extension", () => craft({ ...header, crit: ["x"], x: 1 }, good)],
    ["expired", () => craft(header, { ...good, exp: now - 1 })],
    ["expiring this second", () => craft(header, { ...good, exp: now })],
    ["not yet valid", () => craft(header, { ...good, nbf: now + 60 })],
    ["exp not a number", () => craft(header, { ...good, exp: String(now + 60) })],
    ["iat not a number", () => craft(header, { ...good, iat: "yesterday" })],
    ["another issuer", () => craft(header, { ...good, iss: "someone" })],
    ["no issuer", () => craft(header, { ...good, iss: undefined })],
    ["another audience", () => craft(header, { ...good, aud: "other" })],
    ["an audience list without the API", () => craft(header, { ...good, aud: ["other"] })],
    ["a payload that is an array", () => craft(header, [good])],
    ["a payload that is not JSON", () => craft(header, "not json")],
    ["a header that is not JSON", async () => `${b64("{")}.${b64(good)}.${(await craft(header, good)).split(".")[2]}`],
    [
      "a tampered payload",
      async () => {
        const [h, , s] = (await craft(header, good)).split(".");
        return `${h}.${b64({ ...good, role: "admin" })}.${s}`;
      },
    ],
    ["a truncated signature", async () => (await craft(header, good)).slice(0, -2)],
    ["four segments", async () => `${await craft(header, good)}.x`],
    ["garbage", async () => "not.a.jwt"],
    ["empty", async () => ""],
  ];

  it.each(cases)("%s", async (_name, make) => {
    const token = await make();
    expect(verifyHs256Jwt(token, opts) !== null).toBe(await joseAccepts(token));
  });

  it("returns the payload of a valid token and accepts only that", async () => {
    expect(verifyHs256Jwt(await craft(header, good), opts)).toEqual(good);
    expect(await joseAccepts(await craft(header, good))).toBe(true);
  });
});
