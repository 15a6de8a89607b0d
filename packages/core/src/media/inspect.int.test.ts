import { mkdtempSync, rmSync } from "node:fs";
import { copyFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { AppError } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFsStorage } from "../storage/fs";
import { probeMedia } from "./ffprobe";
import { generateMediaFixtures, type MediaFixtures } from "./fixtures.testkit";
import { inspectStoredVideo } from "./inspect";

let fx: MediaFixtures;
const roots: string[] = [];
beforeAll(async () => {
  fx = await generateMediaFixtures();
});
afterAll(() => {
  for (const dir of [fx?.dir, ...roots]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const limits = { maxBytes: 10_000_000, minDurationSeconds: 1, maxDurationSeconds: 60 };

async function inspect(path: string, l = limits) {
  const root = mkdtempSync(join(tmpdir(), "coherence-inspect-"));
  roots.push(root);
  const storage = createFsStorage({ root });
  const key = "users/11111111-1111-4111-8111-111111111111/videos/22222222-2222-4222-8222-222222222222/original";
  const body = await readFile(path);
  await storage.put(key, Readable.from([body]));
  return inspectStoredVideo({ storage, key, sizeBytes: body.length, limits: l });
}

async function refusal(path: string, l = limits): Promise<AppError> {
  const err = await inspect(path, l).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe("probeMedia", () => {
  it("describes the video and audio streams and the duration", async () => {
    const probe = await probeMedia({ input: fx.mp4 });
    expect(probe.video).toMatchObject({ codec: "h264", width: 64, height: 48, fps: 10 });
    expect(probe.audio).toMatchObject({ codec: "aac", sampleRate: 16000, channels: 1 });
    expect(probe.durationSeconds).toBeCloseTo(2, 0);
  });

  it("treats a file name starting with a dash as a file, not an option", async () => {
    const dashed = join(fx.dir, "-i.mp4");
    await copyFile(fx.mp4, dashed);
    expect((await probeMedia({ input: dashed })).video).not.toBeNull();
  });

  it("stops when the signal aborts", async () => {
    await expect(probeMedia({ input: fx.mp4, signal: AbortSignal.abort() })).rejects.toThrow(/cancelled/);
  });
});

describe("inspectStoredVideo", () => {
  it("accepts MP4 (either index position) and WebM", async () => {
    for (const path of [fx.mp4, fx.faststartMp4, fx.webm]) {
      const out = await inspect(path);
      expect(out.durationSeconds).toBeGreaterThan(1.5);
    }
    expect((await inspect(fx.webm)).container).toBe("matroska");
  });

  it("refuses each kind of bad file with a message that says what is wrong", async () => {
    expect((await refusal(fx.empty)).message).toMatch(/empty/);
    expect((await refusal(fx.textAsMp4)).message).toMatch(/text file/);
    expect((await refusal(fx.png)).message).toMatch(/image/);
    expect((await refusal(fx.audioOnlyMp4)).message).toMatch(/audio only/);
    expect((await refusal(fx.silentMp4)).message).toMatch(/no sound/);
    expect((await refusal(fx.shortMp4)).message).toMatch(/shortest/);
    expect((await refusal(fx.truncatedMp4)).code).toBe("INVALID_MEDIA");
    expect((await refusal(fx.truncatedFaststartMp4)).message).toMatch(/incomplete/);
    expect((await refusal(fx.mp4, { ...limits, maxDurationSeconds: 1.5 })).message).toMatch(/longest/);
    expect((await refusal(fx.mp4, { ...limits, maxBytes: 100 })).code).toBe("PAYLOAD_TOO_LARGE");
  });
});

describe("a recording written live (MediaRecorder)", () => {
  it("has no duration in its header, yet is measured from its packets and accepted", async () => {
    const { execFileSync } = await import("node:child_process");
    const header = JSON.parse(
      execFileSync("ffprobe", ["-v", "error", "-show_format", "-of", "json", fx.liveWebm]).toString(),
    ) as { format: { duration?: string } };
    expect(header.format.duration, "the fixture must lack a declared duration to test the fallback").toBeUndefined();
    const probe = await probeMedia({ input: fx.liveWebm });
    expect(probe.durationSeconds).toBeGreaterThan(1.9);
    expect(probe.durationSeconds).toBeLessThan(2.2);
    const inspected = await inspect(fx.liveWebm);
    expect(inspected.container).toBe("matroska");
    expect(inspected.durationSeconds).toBeCloseTo(probe.durationSeconds!, 3);
  });
});
