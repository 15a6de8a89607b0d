import type { ErrorCode, TUploadConfig } from "@coherence/shared";
import type { ApiError } from "../../lib/errors";
import { formatBytes, formatClock } from "../../lib/format";

/** What a video may be, as the API is configured (GET /api/v1/config/upload). */
export type VideoUploadLimits = TUploadConfig["video"];

/** The file picker's `accept`: the types the API names, and their extensions. */
export function acceptAttribute(limits: VideoUploadLimits | undefined): string | undefined {
  return limits && [...limits.acceptedTypes, ...limits.acceptedExtensions].join(",");
}

/** Type and size checks that need no decoding. Returns a message, or null when the file may be sent. */
export function checkFile(
  file: { name: string; type: string; size: number },
  limits: VideoUploadLimits,
): string | null {
  const ext = file.name.toLowerCase().match(/\.[a-z0-9]+$/)?.[0] ?? "";
  const typeOk =
    limits.acceptedTypes.includes(file.type) ||
    (file.type === "" || file.type === "application/octet-stream" ? limits.acceptedExtensions.includes(ext) : false);
  if (!typeOk) return `“${file.name}” isn't a video we can analyse. Use MP4, MOV, WebM or MKV.`;
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > limits.maxBytes)
    return `“${file.name}” is ${formatBytes(file.size)}; the limit is ${formatBytes(limits.maxBytes)}. Trim or compress it first.`;
  return null;
}

/** Duration checks, when the browser can read the duration. */
export function checkDuration(seconds: number | null, limits: VideoUploadLimits): string | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  if (seconds < limits.minDurationSeconds)
    return `This video is only ${seconds.toFixed(1)} s long. Record at least a few sentences.`;
  if (seconds > limits.maxDurationSeconds)
    return `This video runs ${formatClock(seconds)}; the limit is ${formatClock(limits.maxDurationSeconds)}. Upload a shorter cut.`;
  return null;
}

/** Reads a video's duration from its metadata in the browser; null when the browser can't decode it. */
export function readDuration(file: File, timeoutMs = 5000): Promise<number | null> {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const video = document.createElement("video");
    const done = (v: number | null) => {
      clearTimeout(timer);
      URL.revokeObjectURL(url);
      video.removeAttribute("src");
      resolve(v);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    video.preload = "metadata";
    video.muted = true;
    video.onloadedmetadata = () => done(Number.isFinite(video.duration) ? video.duration : null);
    video.onerror = () => done(null);
    video.src = url;
  });
}

const HINTS: Partial<Record<ErrorCode, string>> = {
  PAYLOAD_TOO_LARGE: "The file is larger than the server accepts. Trim or compress it and try again.",
  UNSUPPORTED_MEDIA_TYPE: "The server doesn't accept this file type. Export your video as MP4 (H.264 + AAC).",
  INVALID_MEDIA: "The server couldn't read this video. It needs both a picture and sound; try re-exporting it as MP4.",
  VALIDATION_FAILED: "The upload was incomplete. Pick the file again.",
  UNAUTHORIZED: "Your session has expired. Sign in again, then upload.",
  CSRF_FAILED: "Your session needs refreshing. Reload the page and try again.",
  FORBIDDEN: "You're not allowed to upload with this account.",
  RATE_LIMITED: "You're uploading too often.",
  CONFLICT: "You've already uploaded this video.",
  SERVICE_UNAVAILABLE: "Coherence is briefly unavailable. Try again in a moment.",
  STORAGE_FULL: "Our storage is full right now, so nothing was saved. Try again in a few minutes.",
  TIMEOUT: "The upload took too long. Check your connection and try again.",
  INTERNAL: "Something went wrong on our side. Try again in a moment.",
  AI_SERVICE_ERROR: "An analysis service is having trouble. Try again in a moment.",
};

/** The message for a failed upload: the server's own words plus what to do about it. */
export function uploadErrorMessage(err: ApiError): string {
  const hint = HINTS[err.code];
  const wait = err.code === "RATE_LIMITED" && err.retryAfterSeconds ? ` Try again in ${err.retryAfterSeconds} s.` : "";
  if (!hint) return err.message;
  return err.message && err.message !== hint ? `${err.message} ${hint}${wait}` : `${hint}${wait}`;
}
