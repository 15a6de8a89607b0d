/** A container and codecs MediaRecorder can write, and the file extension the server expects for it. */
export type RecordingFormat = { mimeType: string; extension: "webm" | "mp4" };

// Best first: VP9/Opus WebM is the smallest at a given quality in Chromium and Firefox; VP8 is the
// widest WebM fallback; Safari records only MP4 (H.264/AAC). All are accepted by the server, which
// checks the stored file with ffprobe as for any upload.
const CANDIDATES: RecordingFormat[] = [
  { mimeType: "video/webm;codecs=vp9,opus", extension: "webm" },
  { mimeType: "video/webm;codecs=vp8,opus", extension: "webm" },
  { mimeType: "video/webm", extension: "webm" },
  { mimeType: "video/mp4;codecs=avc1.42E01E,mp4a.40.2", extension: "mp4" },
  { mimeType: "video/mp4", extension: "mp4" },
];

/** The best format this browser records, or null when it records none we accept. */
export function chooseRecordingFormat(isTypeSupported: (type: string) => boolean): RecordingFormat | null {
  return CANDIDATES.find((c) => isTypeSupported(c.mimeType)) ?? null;
}

/** The file extension for a recorded blob's type (a stored take keeps only its type). */
export function extensionFor(mimeType: string): "webm" | "mp4" {
  return mimeType.startsWith("video/mp4") ? "mp4" : "webm";
}

/**
 * Bitrates for the recording: enough for face and gesture analysis at 720p, small enough that the
 * longest talk we accept stays well under the upload limit (2.5 Mbit/s for an hour is about 1.1 GB).
 */
export const RECORDING_VIDEO_BITS_PER_SECOND = 2_500_000;
export const RECORDING_AUDIO_BITS_PER_SECOND = 128_000;
