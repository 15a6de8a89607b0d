import { z } from "zod";
import { SCRIPT_FILE_EXTENSIONS, SCRIPT_MAX_BYTES, SCRIPT_MAX_CHARS } from "./script";

/**
 * The video types the upload form offers. The server takes any container it can read (it
 * checks the bytes, not the declared type); these are the ones a browser names reliably.
 */
export const UPLOAD_VIDEO_TYPES = ["video/mp4", "video/quicktime", "video/webm", "video/x-matroska", "video/x-m4v"];
/** File extensions the upload form accepts when the browser gives no type. */
export const UPLOAD_VIDEO_EXTENSIONS = [".mp4", ".mov", ".webm", ".mkv", ".m4v"];

/** What an upload may be: the API's configured limits, which the web app checks before sending. */
export const ZUploadConfig = z.object({
  video: z.object({
    maxBytes: z.number().int().positive().describe("Largest accepted video file, in bytes (UPLOAD_MAX_BYTES)."),
    minDurationSeconds: z.number().nonnegative().describe("Shortest video analysed (VIDEO_MIN_DURATION_SECONDS)."),
    maxDurationSeconds: z.number().positive().describe("Longest video analysed (VIDEO_MAX_DURATION_SECONDS)."),
    acceptedTypes: z.array(z.string()).describe("Video MIME types the upload form offers."),
    acceptedExtensions: z.array(z.string()).describe("File extensions accepted when the browser gives no type."),
  }),
  script: z.object({
    maxChars: z.number().int().positive().describe("Longest script, in characters."),
    maxBytes: z.number().int().positive().describe("Largest script file, in bytes."),
    fileExtensions: z.array(z.string()).describe("File types a script may be chosen from."),
  }),
});
export type TUploadConfig = z.infer<typeof ZUploadConfig>;

/** The upload configuration for the server's video limits; the rest is fixed by the shared contract. */
export function uploadConfig(limits: {
  maxBytes: number;
  minDurationSeconds: number;
  maxDurationSeconds: number;
}): TUploadConfig {
  return {
    video: { ...limits, acceptedTypes: UPLOAD_VIDEO_TYPES, acceptedExtensions: UPLOAD_VIDEO_EXTENSIONS },
    script: { maxChars: SCRIPT_MAX_CHARS, maxBytes: SCRIPT_MAX_BYTES, fileExtensions: [...SCRIPT_FILE_EXTENSIONS] },
  };
}
