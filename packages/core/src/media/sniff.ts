/** How many leading bytes sniffContainer looks at. */
export const SNIFF_BYTES = 512;

export type SniffResult =
  | { kind: "video"; container: string }
  | { kind: "image"; format: string }
  | { kind: "audio"; format: string }
  | { kind: "text" }
  | { kind: "empty" }
  | { kind: "unknown" };

const AUDIO_ONLY_BRANDS = new Set(["M4A ", "M4B ", "M4P ", "F4A ", "F4B "]);
const IMAGE_BRANDS = new Set(["heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif", "avis"]);

function ascii(buf: Buffer, start: number, end: number): string {
  return buf.subarray(start, end).toString("latin1");
}

function startsWith(buf: Buffer, bytes: number[], offset = 0): boolean {
  return bytes.every((b, i) => buf[offset + i] === b);
}

/** True when the bytes look like text (UTF-8 without control characters other than whitespace). */
function looksLikeText(buf: Buffer): boolean {
  if (buf.length === 0) return false;
  for (const b of buf) {
    if (b === 0x09 || b === 0x0a || b === 0x0d) continue;
    if (b < 0x20 || b === 0x7f) return false;
  }
  // A multi-byte character cut at the end of the sample is fine.
  return !buf.toString("utf8").slice(0, -1).includes("\uFFFD");
}

/**
 * Identifies a file from its first bytes (at least 12; SNIFF_BYTES for every format).
 * Decides only what the bytes prove; ffprobe has the last word on video files.
 */
export function sniffContainer(head: Buffer): SniffResult {
  if (head.length === 0) return { kind: "empty" };
  // ISO base media (MP4, MOV, 3GP, M4A, HEIC, AVIF): a box size, then "ftyp" and the major brand.
  if (ascii(head, 4, 8) === "ftyp") {
    const brand = ascii(head, 8, 12);
    if (AUDIO_ONLY_BRANDS.has(brand)) return { kind: "audio", format: "m4a" };
    if (IMAGE_BRANDS.has(brand)) return { kind: "image", format: brand.trim() };
    return { kind: "video", container: brand === "qt  " ? "mov" : "mp4" };
  }
  // QuickTime files without ftyp start with one of these atoms.
  if (["moov", "mdat", "wide", "free", "skip", "pnot"].includes(ascii(head, 4, 8)))
    return { kind: "video", container: "mov" };
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return { kind: "video", container: "matroska" };
  if (ascii(head, 0, 4) === "RIFF") {
    const form = ascii(head, 8, 12);
    if (form === "AVI ") return { kind: "video", container: "avi" };
    if (form === "WAVE") return { kind: "audio", format: "wav" };
    if (form === "WEBP") return { kind: "image", format: "webp" };
    return { kind: "unknown" };
  }
  if (startsWith(head, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return { kind: "video", container: "asf" };
  if (ascii(head, 0, 3) === "FLV") return { kind: "video", container: "flv" };
  if (startsWith(head, [0x00, 0x00, 0x01, 0xba])) return { kind: "video", container: "mpeg-ps" };
  // MPEG-TS: a sync byte every 188 bytes (one alone is just the letter "G").
  if (head.length >= 377 && head[0] === 0x47 && head[188] === 0x47 && head[376] === 0x47) {
    return { kind: "video", container: "mpeg-ts" };
  }
  if (ascii(head, 0, 4) === "OggS") return { kind: "video", container: "ogg" }; // Theora or audio: ffprobe decides
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return { kind: "image", format: "png" };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: "image", format: "jpeg" };
  if (ascii(head, 0, 4) === "GIF8") return { kind: "image", format: "gif" };
  if (ascii(head, 0, 2) === "BM" && head.length >= 14) return { kind: "image", format: "bmp" };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: "image", format: "tiff" };
  }
  if (ascii(head, 0, 3) === "ID3" || (head[0] === 0xff && head.length > 1 && (head[1]! & 0xe0) === 0xe0)) {
    return { kind: "audio", format: "mp3" };
  }
  if (ascii(head, 0, 4) === "fLaC") return { kind: "audio", format: "flac" };
  if (ascii(head, 0, 5) === "#!AMR") return { kind: "audio", format: "amr" };
  if (looksLikeText(head)) return { kind: "text" };
  return { kind: "unknown" };
}

const CONTAINER_TYPES: Record<string, string> = {
  mp4: "video/mp4",
  mov: "video/quicktime",
  matroska: "video/x-matroska",
  avi: "video/x-msvideo",
  asf: "video/x-ms-asf",
  flv: "video/x-flv",
  "mpeg-ps": "video/mpeg",
  "mpeg-ts": "video/mp2t",
  ogg: "video/ogg",
};

/**
 * The Content-Type to store and serve for a sniffed container. The client's
 * declared type is kept when it names the same family (video/webm for Matroska).
 */
export function contentTypeForContainer(container: string, declared?: string): string {
  const base = declared?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (container === "matroska" && base === "video/webm") return base;
  if (container === "mp4" && (base === "video/mp4" || base === "video/x-m4v" || base === "video/3gpp")) return base;
  return CONTAINER_TYPES[container] ?? "application/octet-stream";
}
