import { describe, expect, it } from "vitest";
import { findNulCharacter } from "./nul-guard";

describe("findNulCharacter", () => {
  it("names the field holding a NUL, in values, nested objects, arrays and keys", () => {
    expect(findNulCharacter({ name: "a\u0000b" })).toBe("name");
    expect(findNulCharacter({ a: { b: ["ok", "x\u0000"] } })).toBe("a.b.1");
    expect(findNulCharacter({ "k\u0000": 1 })).toBe("k\u0000");
    expect(findNulCharacter("\u0000")).toBe("(input)");
  });

  it("passes clean input, other control characters included (the text schemas judge those)", () => {
    expect(findNulCharacter({ name: "Ada", n: 3, tags: ["x"], nested: { ok: null } })).toBeUndefined();
    expect(findNulCharacter(undefined)).toBeUndefined();
    expect(findNulCharacter({ title: "tab\there" })).toBeUndefined();
  });

  it("walks 10,000 levels of nesting without overflowing the stack", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    expect(findNulCharacter(deep)).toMatch(/^d(\.d)+$/);
  });
});
