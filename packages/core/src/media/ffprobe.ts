import { z } from "zod";
import { MediaToolError, MediaToolMissingError, mediaToolPaths, runMediaTool } from "./tools";

const PROBE_ARGS = [
  "-v",
  "error",
  "-hide_banner",
  "-protocol_whitelist",
  "file,http,https,tcp,tls,crypto",
  "-print_format",
  "json",
  "-show_format",
  "-show_streams",
  "--",
];

/** Why ffprobe could not describe the input: the tool is missing, it timed out, or the input is not media. */
export class ProbeError extends Error {
  constructor(
    message: string,
    readonly reason: "missing-tool" | "timeout" | "aborted" | "unreadable",
    readonly stderr = "",
  ) {
    super(message);
    this.name = "ProbeError";
  }
}

const ZNum = z.union([z.number(), z.string()]).transform((v) => Number(v));

const ZFfprobeJson = z.object({
  format: z
    .object({
      format_name: z.string().default(""),
      duration: ZNum.optional(),
      size: ZNum.optional(),
      bit_rate: ZNum.optional(),
    })
    .optional(),
  streams: z
    .array(
      z.object({
        index: z.number(),
        codec_type: z.string().default("unknown"),
        codec_name: z.string().default("unknown"),
        width: z.number().optional(),
        height: z.number().optional(),
        avg_frame_rate: z.string().optional(),
        sample_rate: ZNum.optional(),
        channels: z.number().optional(),
        duration: ZNum.optional(),
        disposition: z.record(z.string(), z.number()).optional(),
      }),
    )
    .default([]),
});

/** What ffprobe says about a media file. */
export type MediaProbe = {
  formatName: string;
  /** Container duration, or the longest stream when the container has none; null when unknown. */
  durationSeconds: number | null;
  video: { codec: string; width: number; height: number; fps: number | null } | null;
  audio: { codec: string; sampleRate: number | null; channels: number | null } | null;
  streamCount: number;
};

function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [n, d] = rate.split("/").map(Number);
  if (!n || !d || !Number.isFinite(n / d)) return null;
  return Math.round((n / d) * 1000) / 1000;
}

/** Turns ffprobe's JSON into a MediaProbe. Cover art (attached pictures) does not count as a video stream. */
export function parseFfprobeJson(json: string): MediaProbe {
  const parsed = ZFfprobeJson.parse(JSON.parse(json));
  const video = parsed.streams.find((s) => s.codec_type === "video" && !s.disposition?.attached_pic);
  const audio = parsed.streams.find((s) => s.codec_type === "audio");
  const streamDurations = parsed.streams.map((s) => s.duration).filter((d): d is number => Number.isFinite(d));
  const formatDuration = parsed.format?.duration;
  const durationSeconds = Number.isFinite(formatDuration)
    ? (formatDuration as number)
    : streamDurations.length > 0
      ? Math.max(...streamDurations)
      : null;
  return {
    formatName: parsed.format?.format_name ?? "",
    durationSeconds,
    video: video
      ? {
          codec: video.codec_name,
          width: video.width ?? 0,
          height: video.height ?? 0,
          fps: parseRate(video.avg_frame_rate),
        }
      : null,
    audio: audio
      ? {
          codec: audio.codec_name,
          sampleRate: Number.isFinite(audio.sample_rate) ? (audio.sample_rate as number) : null,
          channels: audio.channels ?? null,
        }
      : null,
    streamCount: parsed.streams.length,
  };
}

/** Turns a failed ffprobe run into a ProbeError that says why. */
function toProbeError(err: unknown, opts: { signal: AbortSignal; timedOut: boolean; timeoutMs: number }): unknown {
  if (err instanceof MediaToolMissingError) return new ProbeError(err.message, "missing-tool");
  if (opts.signal.aborted) {
    return opts.timedOut
      ? new ProbeError(`ffprobe took longer than ${opts.timeoutMs} ms`, "timeout")
      : new ProbeError("ffprobe was cancelled", "aborted");
  }
  if (err instanceof MediaToolError) {
    const detail = err.stderr.trim().split("\n").slice(-2).join(" | ");
    return new ProbeError(
      `ffprobe could not read the input (exit ${err.exitCode}): ${detail}`,
      "unreadable",
      err.stderr,
    );
  }
  return err;
}

/**
 * Runs ffprobe on a local path or an http(s) URL (a presigned GET: ffprobe reads
 * only the byte ranges it needs). Arguments are an array, never a shell string.
 * Rejects with ProbeError; `unreadable` means the input is not media ffprobe understands.
 */
export async function probeMedia(opts: {
  input: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<MediaProbe> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  const stdout = await runFfprobe({
    args: [...PROBE_ARGS, opts.input],
    signal,
    timedOut: () => timeout.aborted,
    timeoutMs,
  });
  let probe: MediaProbe;
  try {
    probe = parseFfprobeJson(stdout);
  } catch (err) {
    throw new ProbeError(
      `ffprobe printed output that is not the expected JSON: ${(err as Error).message}`,
      "unreadable",
    );
  }
  if (probe.durationSeconds !== null || !probe.audio) return probe;
  return {
    ...probe,
    durationSeconds: await lastPacketEnd({ input: opts.input, signal, timedOut: () => timeout.aborted, timeoutMs }),
  };
}

/**
 * A recording written live (MediaRecorder's WebM, a stream dump) declares no duration: ffprobe
 * then reports none. Its true length is where its last packet ends, read from the packet index
 * without decoding (a second or two for an hour of audio).
 */
async function lastPacketEnd(opts: Omit<FfprobeRun, "args"> & { input: string }): Promise<number | null> {
  const args = [
    "-v",
    "error",
    "-protocol_whitelist",
    "file,http,https,tcp,tls,crypto",
    "-select_streams",
    "a:0",
    "-show_entries",
    "packet=pts_time,duration_time",
    "-of",
    "csv=p=0",
    "--",
    opts.input,
  ];
  let stdout: string;
  try {
    stdout = await runFfprobe({ ...opts, args });
  } catch (err) {
    if (err instanceof ProbeError && err.reason === "unreadable") return null;
    throw err;
  }
  let end = 0;
  for (const line of stdout.split("\n")) {
    const [pts, duration] = line.split(",").map(Number);
    if (Number.isFinite(pts))
      end = Math.max(end, (pts as number) + (Number.isFinite(duration) ? (duration as number) : 0));
  }
  return end > 0 ? end : null;
}

type FfprobeRun = { args: string[]; signal: AbortSignal; timedOut: () => boolean; timeoutMs: number };

/** Runs ffprobe through the media runner; rejects with a ProbeError that says why it failed. */
async function runFfprobe(opts: FfprobeRun): Promise<string> {
  const ffprobe = mediaToolPaths().ffprobe;
  try {
    return await runMediaTool({
      tool: ffprobe,
      args: opts.args,
      signal: opts.signal,
      missingHint: `${ffprobe} is not installed. Install it with: apt-get install -y ffmpeg (or set FFPROBE_PATH).`,
    });
  } catch (err) {
    throw toProbeError(err, { signal: opts.signal, timedOut: opts.timedOut(), timeoutMs: opts.timeoutMs });
  }
}
