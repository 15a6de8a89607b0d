import { AppError, formatBytes } from "@coherence/shared";
import type { Storage } from "../storage/types";
import { checkContainerComplete } from "./completeness";
import { type MediaProbe, ProbeError, probeMedia } from "./ffprobe";
import { SNIFF_BYTES, type SniffResult, sniffContainer } from "./sniff";

/** What the server accepts, from configuration. */
export type VideoLimits = { maxBytes: number; minDurationSeconds: number; maxDurationSeconds: number };

export type InspectedVideo = { container: string; durationSeconds: number; probe: MediaProbe };

const RE_EXPORT = "Export the recording as MP4 (H.264 + AAC) or WebM and upload it again.";

function formatSeconds(s: number): string {
  return s >= 120 ? `${Math.round(s / 60)} minutes` : `${Math.round(s * 10) / 10} seconds`;
}

/** Refuses what the first bytes prove is not a video; returns the container otherwise. */
export function assertSniffedVideo(sniff: SniffResult): string {
  switch (sniff.kind) {
    case "video":
      return sniff.container;
    case "empty":
      throw new AppError("BAD_REQUEST", "The file is empty (0 bytes). Choose your recording and upload it again.");
    case "image":
      throw new AppError(
        "INVALID_MEDIA",
        `This is an image (${sniff.format}), not a video. Upload a video recording of your presentation.`,
      );
    case "audio":
      throw new AppError(
        "INVALID_MEDIA",
        `This is an audio file (${sniff.format}) with no picture. Coherence needs a video of you presenting. ${RE_EXPORT}`,
      );
    case "text":
      throw new AppError(
        "INVALID_MEDIA",
        `This is a text file, not a video, whatever its name says. Upload the video recording itself.`,
      );
    default:
      throw new AppError("INVALID_MEDIA", `This file is not in a video format we recognise. ${RE_EXPORT}`);
  }
}

/** Checks ffprobe's view against the rules: a video and an audio stream, and a duration within limits. */
export function assertProbeAcceptable(probe: MediaProbe, limits: VideoLimits): number {
  if (!probe.video) {
    throw new AppError(
      "INVALID_MEDIA",
      `This file has sound but no picture (audio only). Coherence needs a video of you presenting. ${RE_EXPORT}`,
    );
  }
  if (!probe.audio) {
    throw new AppError(
      "INVALID_MEDIA",
      "This video has no sound track. Coherence listens to what you say: record again with the microphone on.",
    );
  }
  const d = probe.durationSeconds;
  if (d === null || !Number.isFinite(d) || d <= 0) {
    throw new AppError("INVALID_MEDIA", `We could not tell how long this video is; it may be damaged. ${RE_EXPORT}`);
  }
  if (d < limits.minDurationSeconds) {
    throw new AppError(
      "INVALID_MEDIA",
      `This video lasts ${formatSeconds(d)}; the shortest we analyse is ${formatSeconds(limits.minDurationSeconds)}.`,
    );
  }
  if (d > limits.maxDurationSeconds) {
    throw new AppError(
      "INVALID_MEDIA",
      `This video lasts ${formatSeconds(d)}; the longest we analyse is ${formatSeconds(limits.maxDurationSeconds)}. Trim it and upload it again.`,
    );
  }
  return d;
}

async function readRange(storage: Storage, key: string, start: number, end: number): Promise<Buffer> {
  const stream = await storage.get(key, { start, end });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Validates a stored upload: size, magic bytes, container completeness, then
 * ffprobe (on the local file, or through a short-lived presigned URL so that
 * nothing is downloaded whole). Throws an AppError with a user-facing message.
 */
export async function inspectStoredVideo(opts: {
  storage: Storage;
  key: string;
  sizeBytes: number;
  limits: VideoLimits;
  signal?: AbortSignal;
}): Promise<InspectedVideo> {
  const { storage, key, sizeBytes, limits } = opts;
  if (sizeBytes === 0) return assertSniffedVideo({ kind: "empty" }) as never;
  if (sizeBytes > limits.maxBytes) {
    throw new AppError(
      "PAYLOAD_TOO_LARGE",
      `This file is ${formatBytes(sizeBytes)}; the largest we accept is ${formatBytes(limits.maxBytes)}.`,
    );
  }
  const head = await readRange(storage, key, 0, Math.min(SNIFF_BYTES, sizeBytes) - 1);
  const container = assertSniffedVideo(sniffContainer(head));
  const completeness = await checkContainerComplete({
    container,
    size: sizeBytes,
    read: (start, end) => readRange(storage, key, start, end),
  });
  if (!completeness.complete) {
    throw new AppError(
      "INVALID_MEDIA",
      `This video is incomplete (${completeness.reason}); the upload or the export was cut short. ${RE_EXPORT}`,
    );
  }
  let probe: MediaProbe;
  const local = storage.presigned ? null : await storage.localPath(key, { signal: opts.signal });
  try {
    const input = local ? local.path : await storage.presigned!.presignGet(key, { expiresInSeconds: 300 });
    probe = await probeMedia({ input, signal: opts.signal });
  } catch (err) {
    if (err instanceof ProbeError && err.reason === "unreadable") {
      throw new AppError(
        "INVALID_MEDIA",
        `We could not read this file as a video; it may be damaged or incomplete. ${RE_EXPORT}`,
        { cause: err },
      );
    }
    if (err instanceof ProbeError && err.reason === "timeout") {
      throw new AppError("TIMEOUT", "Checking this video took too long. Please try again.", { cause: err });
    }
    throw err;
  } finally {
    await local?.cleanup();
  }
  return { container, durationSeconds: assertProbeAcceptable(probe, limits), probe };
}

/** The limits from configuration. */
export function videoLimitsFromConfig(config: {
  UPLOAD_MAX_BYTES: number;
  VIDEO_MIN_DURATION_SECONDS: number;
  VIDEO_MAX_DURATION_SECONDS: number;
}): VideoLimits {
  return {
    maxBytes: config.UPLOAD_MAX_BYTES,
    minDurationSeconds: config.VIDEO_MIN_DURATION_SECONDS,
    maxDurationSeconds: config.VIDEO_MAX_DURATION_SECONDS,
  };
}
