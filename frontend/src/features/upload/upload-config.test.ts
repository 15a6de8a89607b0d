import { uploadConfig } from "@coherence/shared";
import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchUploadConfig } from "./upload-config";
import { acceptAttribute, checkDuration, checkFile } from "./validate-file";

const MB = 1024 * 1024;

/** Stubs fetch with the API's answer to system.uploadConfig and counts the calls. */
function fakeApi(answer: unknown): string[] {
  const urls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ result: { data: { json: answer } } }), {
        headers: { "content-type": "application/json" },
      });
    }),
  );
  return urls;
}

afterEach(() => vi.unstubAllGlobals());

describe("the upload limits come from the API", () => {
  const fromServer = uploadConfig({ maxBytes: 50 * MB, minDurationSeconds: 1, maxDurationSeconds: 300 });

  it("checks a file against the size, duration and types the API answers", async () => {
    fakeApi({
      ...fromServer,
      video: { ...fromServer.video, acceptedTypes: ["video/mp4"], acceptedExtensions: [".mp4"] },
    });
    const { video } = await fetchUploadConfig(new QueryClient());
    expect(checkFile({ name: "big.mp4", type: "video/mp4", size: 60 * MB }, video)).toMatch(/the limit is 50 MB/);
    expect(checkFile({ name: "ok.mp4", type: "video/mp4", size: 40 * MB }, video)).toBeNull();
    expect(checkFile({ name: "talk.webm", type: "video/webm", size: MB }, video)).toMatch(/isn't a video/);
    expect(checkDuration(301, video)).toMatch(/the limit is 5:00/);
    expect(checkDuration(0.5, video)).toMatch(/only 0.5 s/);
    expect(acceptAttribute(video)).toBe("video/mp4,.mp4");
  });

  it("asks the API once and serves later checks from the cache", async () => {
    const urls = fakeApi(fromServer);
    const qc = new QueryClient();
    expect(await fetchUploadConfig(qc)).toEqual(fromServer);
    expect(await fetchUploadConfig(qc)).toEqual(fromServer);
    expect(urls).toHaveLength(1);
    expect(urls[0]).toContain("/trpc/system.uploadConfig");
  });
});
