import { describe, expect, it } from "vitest";
import { jsonDepthExceeds } from "./json-depth";

const bytes = (text: string) => Buffer.from(text);
const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;

describe("jsonDepthExceeds", () => {
  it("passes ordinary bodies and bodies at the limit", () => {
    expect(jsonDepthExceeds(bytes('{"email":"a@b.c","tags":[1,{"x":[]}]}'), 4)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"email":"a@b.c","tags":[1,{"x":[]}]}'), 3)).toBe(true);
    expect(jsonDepthExceeds(bytes(nested(64)), 64)).toBe(false);
  });

  it("refuses one level past the limit, and 5,000 levels", () => {
    expect(jsonDepthExceeds(bytes(nested(65)), 64)).toBe(true);
    expect(jsonDepthExceeds(bytes(`{"a":${"[".repeat(5000)}`))).toBe(true);
  });

  it("does not count brackets inside strings, escaped quotes included", () => {
    expect(jsonDepthExceeds(bytes(JSON.stringify({ name: "[[[[{{{{" })), 1)).toBe(false);
    expect(jsonDepthExceeds(bytes(JSON.stringify({ name: 'say \\"[[[[" ok' })), 1)).toBe(false);
  });
});
