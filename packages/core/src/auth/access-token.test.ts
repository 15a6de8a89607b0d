import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { signAccessToken, verifyAccessToken } from "./access-token";

const secret = "0123456789abcdef0123456789abcdef";
const claims = { userId: "8a0f4c1e-1111-4222-8333-944445555666", role: "user" as const };

describe("access tokens", () => {
  it("round-trips the user id and role", async () => {
    const token = await signAccessToken(claims, { secret });
    expect(await verifyAccessToken(token, { secret })).toEqual(claims);
  });

  it("rejects a tampered payload", async () => {
    const token = await signAccessToken(claims, { secret });
    const [h, p, s] = token.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
    payload.role = "admin";
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${s}`;
    expect(await verifyAccessToken(forged, { secret })).toBeNull();
  });

  it("rejects an expired token", async () => {
    const token = await signAccessToken(claims, { secret, ttlSeconds: 60, now: new Date(Date.now() - 3600_000) });
    expect(await verifyAccessToken(token, { secret })).toBeNull();
  });

  it("rejects another key", async () => {
    const token = await signAccessToken(claims, { secret: "another-secret-another-secret-000" });
    expect(await verifyAccessToken(token, { secret })).toBeNull();
  });

  it("rejects alg: none", async () => {
    const token = new UnsecuredJWT({ role: "admin" })
      .setSubject(claims.userId)
      .setIssuer("coherence")
      .setAudience("coherence-api")
      .setExpirationTime("15m")
      .encode();
    expect(await verifyAccessToken(token, { secret })).toBeNull();
  });

  it("rejects a token signed with another algorithm (HS512)", async () => {
    const token = await new SignJWT({ role: "user" })
      .setProtectedHeader({ alg: "HS512" })
      .setSubject(claims.userId)
      .setIssuer("coherence")
      .setAudience("coherence-api")
      .setExpirationTime("15m")
      .sign(new TextEncoder().encode(secret));
    expect(await verifyAccessToken(token, { secret })).toBeNull();
  });

  it("rejects garbage", async () => {
    expect(await verifyAccessToken("not.a.jwt", { secret })).toBeNull();
    expect(await verifyAccessToken("", { secret })).toBeNull();
  });
});
