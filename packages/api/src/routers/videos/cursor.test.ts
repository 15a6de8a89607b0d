import { titleFrom } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { partSizeFor } from "./create-upload";
import { decodeCursor, encodeCursor } from "./cursor";

describe("cursor", () => {
  it("round-trips and refuses anything else", () => {
    const c = { createdAt: "2026-01-01T00:00:03.123456Z", id: "11111111-1111-4111-8111-111111111111" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(() => decodeCursor("garbage")).toThrow(AppError);
    expect(() => decodeCursor(Buffer.from("2026-01-01|x").toString("base64url"))).toThrow(/cursor/);
  });
});

describe("partSizeFor", () => {
  it("never goes below 5 MiB nor above 200 parts", () => {
    const MiB = 1024 * 1024;
    expect(partSizeFor(6 * MiB)).toBe(5 * MiB);
    const twoGiB = 2 * 1024 * MiB;
    expect(Math.ceil(twoGiB / partSizeFor(twoGiB))).toBeLessThanOrEqual(200);
  });
});

describe("titleFrom", () => {
  it("prefers the given title and otherwise uses the file name without its extension", () => {
    expect(titleFrom({ title: "  Pitch  ", filename: "a.mp4" })).toBe("Pitch");
    expect(titleFrom({ filename: "Board review.mov" })).toBe("Board review");
    expect(titleFrom({ filename: ".mp4" })).toBe("Untitled video");
  });
});
