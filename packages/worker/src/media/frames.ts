import { mediaToolPaths, runMediaTool, spawnMediaTool } from "@coherence/core";
import { AppError } from "@coherence/shared";

/** One sampled video frame as packed RGB (3 bytes per pixel, row-major, no padding). */
export type RawFrame = {
  /** 0-based index among the sampled frames. */
  index: number;
  /** Time of the frame in the video, in seconds. */
  t: number;
  width: number;
  height: number;
  /** width × height × 3 bytes; a fresh buffer per frame, so the consumer may keep it. */
  data: Uint8Array;
};

export type FrameSamplingOptions = {
  videoPath: string;
  /** Frames per second to sample (default 2). */
  fps?: number;
  /** Target width in pixels (default 640); the height keeps the display aspect. Never upscales. */
  width?: number;
  signal?: AbortSignal;
};

export const DEFAULT_SAMPLE_FPS = 2;
export const DEFAULT_SAMPLE_WIDTH = 640;

/** Display size of the first video stream, after rotation and sample aspect ratio. */
export async function probeDisplaySize(opts: {
  videoPath: string;
  signal?: AbortSignal;
}): Promise<{ width: number; height: number }> {
  const out = await runMediaTool({
    tool: mediaToolPaths().ffprobe,
    args: [
      "-v",
      "error",
      "-select_streams",
      "v:0",
      "-show_entries",
      "stream=width,height,sample_aspect_ratio:stream_side_data=rotation",
      "-of",
      "json",
      opts.videoPath,
    ],
    signal: opts.signal,
  });
  const parsed = JSON.parse(out) as {
    streams?: {
      width?: number;
      height?: number;
      sample_aspect_ratio?: string;
      side_data_list?: { rotation?: number }[];
    }[];
  };
  const stream = parsed.streams?.[0];
  if (!stream?.width || !stream.height) {
    throw new AppError("INVALID_MEDIA", "This file has no video track we can read. Upload a video with picture.");
  }
  const [num, den] = (stream.sample_aspect_ratio ?? "1:1").split(":").map(Number);
  const sar = num && den ? num / den : 1;
  let width = stream.width * sar;
  let height = stream.height;
  // ffmpeg auto-rotates on decode, so a 90° rotation swaps the display axes.
  const rotation = Math.abs(stream.side_data_list?.find((s) => s.rotation !== undefined)?.rotation ?? 0) % 180;
  if (rotation === 90) [width, height] = [height, width];
  return { width: Math.round(width), height: Math.round(height) };
}

/** Output size for a source display size: `targetWidth` wide (never upscaled), aspect kept, both even. */
export function sampledFrameSize(source: { width: number; height: number }, targetWidth: number) {
  const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);
  const width = even(Math.min(targetWidth, source.width));
  const height = even((width * source.height) / source.width);
  return { width, height };
}

/**
 * Samples frames from a video at `fps` and streams them from ffmpeg as raw
 * RGB (`-f rawvideo -pix_fmt rgb24` on stdout): no temporary image files.
 * Back-pressure holds: ffmpeg's stdout is only read as fast as the consumer
 * pulls frames. Breaking out of the loop or aborting the signal kills ffmpeg;
 * an abort rejects with the signal's reason.
 */
export async function* streamFrames(opts: FrameSamplingOptions): AsyncGenerator<RawFrame> {
  const fps = opts.fps ?? DEFAULT_SAMPLE_FPS;
  if (!(fps > 0)) throw new AppError("BAD_REQUEST", `The frame sampling rate must be positive (got ${fps}).`);
  opts.signal?.throwIfAborted();
  const source = await probeDisplaySize({ videoPath: opts.videoPath, signal: opts.signal });
  const { width, height } = sampledFrameSize(source, opts.width ?? DEFAULT_SAMPLE_WIDTH);
  const frameBytes = width * height * 3;

  const { stdout, done, kill } = spawnMediaTool({
    args: [
      "-nostdin",
      "-v",
      "error",
      "-i",
      opts.videoPath,
      "-an",
      "-sn",
      "-dn",
      "-vf",
      `fps=${fps},scale=${width}:${height}:flags=bilinear,setsar=1`,
      "-f",
      "rawvideo",
      "-pix_fmt",
      "rgb24",
      "pipe:1",
    ],
    signal: opts.signal,
  });
  // Rejections are surfaced below; this keeps an early exit from leaving an unhandled one.
  done.catch(() => {});

  let finished = false;
  let index = 0;
  let frame = Buffer.allocUnsafe(frameBytes);
  let filled = 0;
  try {
    for await (const chunk of stdout as AsyncIterable<Buffer>) {
      let offset = 0;
      while (offset < chunk.length) {
        const n = Math.min(frameBytes - filled, chunk.length - offset);
        chunk.copy(frame, filled, offset, offset + n);
        filled += n;
        offset += n;
        if (filled === frameBytes) {
          const out: RawFrame = { index, t: index / fps, width, height, data: frame };
          index += 1;
          frame = Buffer.allocUnsafe(frameBytes);
          filled = 0;
          yield out;
        }
      }
    }
    await done;
    finished = true;
  } catch (err) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw err;
  } finally {
    if (!finished) kill();
  }
}
