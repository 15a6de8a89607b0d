import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMediaTool } from "@coherence/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeDisplaySize, type RawFrame, sampledFrameSize, streamFrames } from "../src/media/frames";

let dir: string;
let wide: string;
let tall: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-frames-"));
  wide = join(dir, "wide.mp4");
  tall = join(dir, "tall.mp4");
  // 12 s of a moving test pattern at 320×180 and 3 s at 120×160: tiny and fast to encode.
  const encode = (out: string, size: string, seconds: number) =>
    runMediaTool({
      args: ["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc2=s=${size}:r=10:d=${seconds}`].concat([
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        out,
      ]),
    });
  await Promise.all([encode(wide, "320x180", 12), encode(tall, "120x160", 3)]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("sampledFrameSize", () => {
  it("keeps the aspect, rounds to even sizes and never upscales", () => {
    expect(sampledFrameSize({ width: 1280, height: 720 }, 640)).toEqual({ width: 640, height: 360 });
    expect(sampledFrameSize({ width: 1920, height: 1080 }, 500)).toEqual({ width: 500, height: 282 });
    expect(sampledFrameSize({ width: 320, height: 180 }, 640)).toEqual({ width: 320, height: 180 });
  });
});

describe("streamFrames", () => {
  it("streams raw RGB frames at the sampling rate with their times", async () => {
    expect(await probeDisplaySize({ videoPath: wide })).toEqual({ width: 320, height: 180 });
    const frames: RawFrame[] = [];
    for await (const f of streamFrames({ videoPath: wide, fps: 2, width: 160 })) frames.push(f);
    expect(frames).toHaveLength(24);
    expect(frames.map((f) => f.t).slice(0, 4)).toEqual([0, 0.5, 1, 1.5]);
    expect(frames.every((f) => f.width === 160 && f.height === 90 && f.data.length === 160 * 90 * 3)).toBe(true);
    // Each frame is its own buffer, and the moving pattern makes consecutive frames differ.
    expect(frames[0]!.data).not.toBe(frames[1]!.data);
    expect(Buffer.compare(Buffer.from(frames[0]!.data), Buffer.from(frames[1]!.data))).not.toBe(0);
  });

  it("honours another rate and keeps a portrait aspect", async () => {
    const frames: RawFrame[] = [];
    for await (const f of streamFrames({ videoPath: tall, fps: 1, width: 60 })) frames.push(f);
    expect(frames).toHaveLength(3);
    expect(frames[0]).toMatchObject({ width: 60, height: 80 });
  });

  it("stops ffmpeg when the consumer breaks off early", async () => {
    const started = Date.now();
    let n = 0;
    for await (const _ of streamFrames({ videoPath: wide, fps: 10 })) {
      n += 1;
      if (n === 2) break;
    }
    expect(n).toBe(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("rejects with the abort reason when the signal aborts mid-stream", async () => {
    const controller = new AbortController();
    const reason = new Error("stop now");
    let n = 0;
    const consume = async () => {
      for await (const _ of streamFrames({ videoPath: wide, fps: 10, signal: controller.signal })) {
        n += 1;
        if (n === 3) controller.abort(reason);
        // A slow consumer: ffmpeg must wait for us (back-pressure) rather than finish first.
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await expect(consume()).rejects.toBe(reason);
    expect(n).toBeLessThan(120);
  });

  it("gives a clear error for a file without video", async () => {
    const wav = join(dir, "tone.wav");
    await runMediaTool({ args: ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=d=1", wav] });
    const consume = async () => {
      for await (const _ of streamFrames({ videoPath: wav })) {
        // no frames expected
      }
    };
    await expect(consume()).rejects.toThrow(/no video track/);
  });
});
