import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { ProbeError, probeMedia } from "./ffprobe";
import { configureMediaTools, MediaToolMissingError, mediaToolPaths, runMediaTool } from "./tools";

afterEach(() => {
  configureMediaTools(loadConfig());
});

describe("media tool paths", () => {
  it("come from the config schema, ffmpeg and ffprobe from PATH by default", () => {
    const config = loadConfig({});
    expect([config.FFMPEG_PATH, config.FFPROBE_PATH]).toEqual(["ffmpeg", "ffprobe"]);
    configureMediaTools(loadConfig({ FFMPEG_PATH: "/opt/ff/ffmpeg", FFPROBE_PATH: "/opt/ff/ffprobe" }));
    expect(mediaToolPaths()).toEqual({ ffmpeg: "/opt/ff/ffmpeg", ffprobe: "/opt/ff/ffprobe" });
  });

  it("are what ffprobe and ffmpeg run, and a missing binary says how to fix it", async () => {
    configureMediaTools({ FFMPEG_PATH: "/nonexistent/ffmpeg", FFPROBE_PATH: "/nonexistent/ffprobe" });
    const probe = await probeMedia({ input: "x.mp4" }).catch((e: unknown) => e);
    expect(probe).toBeInstanceOf(ProbeError);
    expect(probe).toMatchObject({ reason: "missing-tool", message: expect.stringContaining("/nonexistent/ffprobe") });
    expect((probe as Error).message).toContain("FFPROBE_PATH");
    const run = await runMediaTool({ args: ["-version"] }).catch((e: unknown) => e);
    expect(run).toBeInstanceOf(MediaToolMissingError);
    expect(run).toMatchObject({ tool: "/nonexistent/ffmpeg", exitCode: null });
  });
});
