import { describe, expect, it } from "vitest";
import { filenameProblem, formatBytes, isAcceptableVideoContentType } from "./videos-api";

describe("filenameProblem", () => {
  it("accepts ordinary names, spaces and accents included", () => {
    for (const name of ["talk.mp4", "Board review (final) v2.mov", "Präsentation – Köln.webm", "my..talk.mp4"]) {
      expect(filenameProblem(name)).toBeNull();
    }
  });

  it("refuses paths, control characters, empty and over-long names", () => {
    expect(filenameProblem("../../etc/passwd")).toMatch(/path/);
    expect(filenameProblem("C:\\x\\talk.mp4")).toMatch(/path/);
    expect(filenameProblem("..")).toMatch(/path/);
    expect(filenameProblem("talk\u0000.mp4")).toMatch(/control/);
    expect(filenameProblem("talk\u009b.mp4")).toMatch(/control/);
    expect(filenameProblem("   ")).toMatch(/no name/);
    expect(filenameProblem(`${"a".repeat(300)}.mp4`)).toMatch(/characters long/);
  });
});

describe("isAcceptableVideoContentType", () => {
  it("takes video types and the browser's fallback, nothing else", () => {
    expect(isAcceptableVideoContentType("video/mp4")).toBe(true);
    expect(isAcceptableVideoContentType("Video/QuickTime; codecs=x")).toBe(true);
    expect(isAcceptableVideoContentType("application/octet-stream")).toBe(true);
    expect(isAcceptableVideoContentType("image/png")).toBe(false);
    expect(isAcceptableVideoContentType("audio/mpeg")).toBe(false);
    expect(isAcceptableVideoContentType("text/plain")).toBe(false);
  });
});

describe("formatBytes", () => {
  it("uses the largest sensible unit", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(256 * 1024)).toBe("256 KB");
    expect(formatBytes(1.5 * 1024 ** 3)).toBe("1.5 GB");
    expect(formatBytes(2 * 1024 ** 3)).toBe("2 GB");
  });
});
