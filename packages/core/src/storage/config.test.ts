import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { createStorage } from "./create";

describe("storage and upload configuration", () => {
  it("defaults to fs storage with a 2 GiB upload limit", () => {
    const config = loadConfig({});
    expect(config.STORAGE_DRIVER).toBe("fs");
    expect(config.UPLOAD_MAX_BYTES).toBe(2 * 1024 ** 3);
    expect(createStorage(config).kind).toBe("fs");
  });

  it("needs a bucket for s3, and both keys or neither", () => {
    expect(() => loadConfig({ STORAGE_DRIVER: "s3" })).toThrow(/S3_BUCKET: is required/);
    expect(() => loadConfig({ STORAGE_DRIVER: "s3", S3_BUCKET: "b-1", S3_ACCESS_KEY_ID: "k" })).toThrow(
      /S3_SECRET_ACCESS_KEY/,
    );
    const config = loadConfig({
      STORAGE_DRIVER: "s3",
      S3_BUCKET: "videos",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_FORCE_PATH_STYLE: "true",
    });
    expect(config.S3_FORCE_PATH_STYLE).toBe(true);
    expect(createStorage(config)).toMatchObject({ kind: "s3" });
  });

  it("refuses a minimum duration at or above the maximum", () => {
    expect(() => loadConfig({ VIDEO_MIN_DURATION_SECONDS: "60", VIDEO_MAX_DURATION_SECONDS: "60" })).toThrow(
      /VIDEO_MIN_DURATION_SECONDS/,
    );
  });
});
