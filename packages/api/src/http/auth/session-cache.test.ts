import { signAccessToken } from "@coherence/core";
import { describe, expect, it } from "vitest";
import { createSessionCache } from "./session-cache";

const SECRET = "session-cache-secret-session-cache-0123";

describe("session cache", () => {
  it("keeps a user's session for the TTL, then forgets it", async () => {
    let t = 1_000_000;
    const cache = createSessionCache({ ttlMs: 5_000, max: 10, now: () => t });
    const token = await signAccessToken({ userId: "u1", role: "user" }, { secret: SECRET, ttlSeconds: 3600 });
    cache.set(token, { id: "u1", role: "user" });
    t += 4_999;
    expect(cache.get(token)).toEqual({ id: "u1", role: "user" });
    t += 1;
    expect(cache.get(token)).toBeUndefined();
  });

  it("never keeps an entry past the token's own expiry", async () => {
    const token = await signAccessToken({ userId: "u1", role: "user" }, { secret: SECRET, ttlSeconds: 2 });
    let t = Date.now();
    const cache = createSessionCache({ ttlMs: 60_000, max: 10, now: () => t });
    cache.set(token, { id: "u1", role: "user" });
    expect(cache.get(token)).toBeDefined();
    t += 3_000;
    expect(cache.get(token)).toBeUndefined();
  });

  it("never caches an admin, so a demotion applies at once", async () => {
    const cache = createSessionCache({ ttlMs: 5_000, max: 10 });
    const token = await signAccessToken({ userId: "a1", role: "admin" }, { secret: SECRET });
    cache.set(token, { id: "a1", role: "admin" });
    expect(cache.get(token)).toBeUndefined();
  });

  it("forgets every token of a user at once, and stays within its bound", async () => {
    const cache = createSessionCache({ ttlMs: 5_000, max: 3 });
    const tokens = await Promise.all(
      ["u1", "u1", "u2", "u3"].map((userId, i) =>
        signAccessToken({ userId, role: "user" }, { secret: SECRET, ttlSeconds: 3600 + i }),
      ),
    );
    for (const [i, tok] of tokens.entries()) cache.set(tok, { id: ["u1", "u1", "u2", "u3"][i]!, role: "user" });
    expect(cache.size).toBe(3); // the oldest went
    expect(cache.get(tokens[0]!)).toBeUndefined();
    cache.forgetUser("u1");
    expect(cache.get(tokens[1]!)).toBeUndefined();
    expect(cache.get(tokens[2]!)?.id).toBe("u2");
    expect(cache.size).toBe(2);
  });

  it("with a TTL of 0 keeps nothing", async () => {
    const cache = createSessionCache({ ttlMs: 0, max: 10 });
    const token = await signAccessToken({ userId: "u1", role: "user" }, { secret: SECRET });
    cache.set(token, { id: "u1", role: "user" });
    expect(cache.get(token)).toBeUndefined();
  });
});
