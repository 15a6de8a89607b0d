import { describe, expect, it } from "vitest";
import { contentTypeForContainer, sniffContainer } from "./sniff";

const box = (type: string, brand: string) =>
  Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from(type + brand, "latin1"), Buffer.alloc(20)]);

describe("sniffContainer", () => {
  it("recognises video containers", () => {
    expect(sniffContainer(box("ftyp", "isom"))).toEqual({ kind: "video", container: "mp4" });
    expect(sniffContainer(box("ftyp", "qt  "))).toEqual({ kind: "video", container: "mov" });
    expect(sniffContainer(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f]))).toEqual({
      kind: "video",
      container: "matroska",
    });
    expect(sniffContainer(Buffer.from("RIFF\0\0\0\0AVI LIST", "latin1"))).toEqual({ kind: "video", container: "avi" });
  });

  it("tells images, audio and text apart from video", () => {
    expect(sniffContainer(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toMatchObject({ kind: "image" });
    expect(sniffContainer(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toMatchObject({ kind: "image", format: "jpeg" });
    expect(sniffContainer(box("ftyp", "heic"))).toMatchObject({ kind: "image" });
    expect(sniffContainer(box("ftyp", "M4A "))).toMatchObject({ kind: "audio", format: "m4a" });
    expect(sniffContainer(Buffer.from("ID3\x04\0\0\0\0", "latin1"))).toMatchObject({ kind: "audio", format: "mp3" });
    expect(sniffContainer(Buffer.from("RIFF\0\0\0\0WAVEfmt ", "latin1"))).toMatchObject({ kind: "audio" });
    expect(sniffContainer(Buffer.from("Hello, these are my slides.\n"))).toEqual({ kind: "text" });
    expect(sniffContainer(Buffer.from("Grüße aus Köln"))).toEqual({ kind: "text" });
  });

  it("calls nothing and noise what they are", () => {
    expect(sniffContainer(Buffer.alloc(0))).toEqual({ kind: "empty" });
    expect(sniffContainer(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x99, 0x00, 0x10, 0x20]))).toEqual({ kind: "unknown" });
  });
});

describe("contentTypeForContainer", () => {
  it("serves what the bytes are, keeping a declared type of the same family", () => {
    expect(contentTypeForContainer("mp4", "application/octet-stream")).toBe("video/mp4");
    expect(contentTypeForContainer("mov", "video/mp4")).toBe("video/quicktime");
    expect(contentTypeForContainer("matroska", "video/webm")).toBe("video/webm");
    expect(contentTypeForContainer("matroska")).toBe("video/x-matroska");
  });
});
