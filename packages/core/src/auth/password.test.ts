import { describe, expect, it } from "vitest";
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, verifyPassword } from "./password";

describe("password policy", () => {
  it("accepts a long, uncommon passphrase", () => {
    expect(passwordProblem("correct horse battery staple")).toBeNull();
  });

  it("enforces the length bounds, counting characters not bytes", () => {
    expect(passwordProblem("a".repeat(PASSWORD_MIN_LENGTH - 1))).toMatch(/at least 10/);
    expect(passwordProblem("x7#".repeat(50).slice(0, PASSWORD_MAX_LENGTH + 1))).toMatch(/at most 128/);
    // Ten emoji are 40 bytes but ten characters: long enough.
    expect(passwordProblem("🎤🎬📈🎯🧠🗣️✨🔥🌍🎉")).toBeNull();
  });

  it("rejects common passwords whatever their case", () => {
    expect(passwordProblem("Password123")).toMatch(/too common/);
    expect(passwordProblem("QWERTYUIOP")).toMatch(/too common/);
    expect(passwordProblem("1q2w3e4r5t")).toMatch(/too common/);
  });

  it("rejects repetitive passwords and the email address itself", () => {
    expect(passwordProblem("aaaaaaaaaaaa")).toMatch(/repetitive/);
    expect(passwordProblem("ababababab")).toMatch(/repetitive/);
    expect(passwordProblem("jane.doe.speaker@example.com", { email: "jane.doe.speaker@example.com" })).toMatch(/email/);
    expect(passwordProblem("jane.doe.speaker", { email: "Jane.Doe.Speaker@example.com" })).toMatch(/email/);
  });
});

describe("argon2id hashing", () => {
  it("hashes with argon2id and a fresh salt, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(a, "correct horse battery stapler")).toBe(false);
  });

  it("returns false (never throws) for a missing or malformed hash", async () => {
    expect(await verifyPassword(null, "anything at all")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything at all")).toBe(false);
  });
});
