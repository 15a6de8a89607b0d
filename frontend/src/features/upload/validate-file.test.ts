import { uploadConfig } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../lib/errors";
import { checkDuration, checkFile, uploadErrorMessage } from "./validate-file";

// The limits as the API answers them (GET /api/v1/config/upload).
const limits = uploadConfig({ maxBytes: 100 * 1024 * 1024, maxDurationSeconds: 600, minDurationSeconds: 3 }).video;

describe("client-side upload checks", () => {
  it("accepts common video types, and a known extension when the browser gives no type", () => {
    expect(checkFile({ name: "talk.mp4", type: "video/mp4", size: 1000 }, limits)).toBeNull();
    expect(checkFile({ name: "talk.MOV", type: "", size: 1000 }, limits)).toBeNull();
  });

  it("refuses other types, empty files and files over the limit, naming the file", () => {
    expect(checkFile({ name: "notes.pdf", type: "application/pdf", size: 10 }, limits)).toMatch(
      /“notes.pdf” isn't a video/,
    );
    expect(checkFile({ name: "a.mp4", type: "video/mp4", size: 0 }, limits)).toMatch(/empty/);
    expect(checkFile({ name: "big.mp4", type: "video/mp4", size: 200 * 1024 * 1024 }, limits)).toMatch(
      /200 MB; the limit is 100 MB/,
    );
  });

  it("checks the duration only when the browser could read it", () => {
    expect(checkDuration(null, limits)).toBeNull();
    expect(checkDuration(120, limits)).toBeNull();
    expect(checkDuration(1.5, limits)).toMatch(/only 1.5 s/);
    expect(checkDuration(900, limits)).toMatch(/runs 15:00; the limit is 10:00/);
  });

  it("explains each server error code, keeping the server's own message", () => {
    const err = (code: ConstructorParameters<typeof ApiError>[0]["code"], error: string, extra = {}) =>
      new ApiError({ code, error, retryable: false, ...extra });
    expect(uploadErrorMessage(err("INVALID_MEDIA", "No audio stream."))).toMatch(
      /^No audio stream\. .*picture and sound/,
    );
    expect(uploadErrorMessage(err("PAYLOAD_TOO_LARGE", ""))).toMatch(/larger than the server accepts/);
    expect(uploadErrorMessage(err("RATE_LIMITED", "Slow down.", { retryAfterSeconds: 30 }))).toMatch(
      /Try again in 30 s\.$/,
    );
    expect(uploadErrorMessage(err("UNSUPPORTED_MEDIA_TYPE", "Not a video."))).toMatch(/MP4/);
    expect(uploadErrorMessage(err("STORAGE_FULL", "No space left."))).toMatch(/^No space left\. .*nothing was saved/);
  });
});
