import { describe, expect, it } from "vitest";
import { filePartContentType, rawPartContentType } from "./part-content-type";

const body = (type: string) =>
  Buffer.from(
    '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nMy talk\r\n' +
      `--b\r\nContent-Disposition: form-data; name="file"; filename="take.webm"\r\nContent-Type: ${type}\r\n\r\n\x1aE\xdf\xa3`,
    "latin1",
  );

describe("the file part's content type", () => {
  it("reads the raw type with unquoted codec parameters that busboy reports as text/plain", () => {
    const raw = rawPartContentType(body("video/webm;codecs=vp9,opus"), "file");
    expect(raw).toBe("video/webm;codecs=vp9,opus");
    expect(filePartContentType("text/plain", raw)).toBe("video/webm;codecs=vp9,opus");
  });

  it("keeps busboy's type when it parsed one, and a real text/plain stays text/plain", () => {
    expect(filePartContentType("video/mp4", "video/mp4")).toBe("video/mp4");
    expect(filePartContentType("text/plain", rawPartContentType(body("text/plain"), "file"))).toBe("text/plain");
    expect(filePartContentType("text/plain", undefined)).toBe("text/plain");
  });

  it("looks only at the part named for the file", () => {
    expect(rawPartContentType(body("video/mp4"), "other")).toBeUndefined();
  });
});
