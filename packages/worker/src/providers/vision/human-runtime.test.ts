import { describe, expect, it } from "vitest";
import { rgbToFloat32 } from "./human-runtime";

describe("rgbToFloat32", () => {
  it("keeps every byte's value, from a Node Buffer as from a plain Uint8Array", () => {
    const bytes = Buffer.from([0, 1, 127, 128, 254, 255]);
    const out = rgbToFloat32(bytes);
    expect(out).toBeInstanceOf(Float32Array);
    expect([...out]).toEqual([0, 1, 127, 128, 254, 255]);
    expect([...rgbToFloat32(new Uint8Array(bytes))]).toEqual([...out]);
  });
});
