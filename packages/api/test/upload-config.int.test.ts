import { SCRIPT_FILE_EXTENSIONS, SCRIPT_MAX_BYTES, SCRIPT_MAX_CHARS } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/router";
import { startTestApi, type TestApi } from "./helpers";

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({
    env: { UPLOAD_MAX_BYTES: "5000000", VIDEO_MIN_DURATION_SECONDS: "2", VIDEO_MAX_DURATION_SECONDS: "900" },
  });
});
afterAll(async () => api?.stop());

const expected = {
  video: {
    maxBytes: 5_000_000,
    minDurationSeconds: 2,
    maxDurationSeconds: 900,
    acceptedTypes: expect.arrayContaining(["video/mp4", "video/webm", "video/quicktime"]),
    acceptedExtensions: expect.arrayContaining([".mp4", ".webm", ".mov"]),
  },
  script: { maxChars: SCRIPT_MAX_CHARS, maxBytes: SCRIPT_MAX_BYTES, fileExtensions: [...SCRIPT_FILE_EXTENSIONS] },
};

describe("the upload configuration (system.uploadConfig, GET /api/v1/config/upload)", () => {
  it("answers the server's configured limits to anyone, through tRPC", async () => {
    const caller = appRouter.createCaller({ deps: api.deps, logger: api.deps.logger, requestId: "t", user: null });
    expect(await caller.system.uploadConfig()).toEqual(expected);
  });

  it("answers the same over REST without a token", async () => {
    const res = await fetch(`${api.url}/api/v1/config/upload`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expected);
  });
});
