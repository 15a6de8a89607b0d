import { Transform, type TransformCallback } from "node:stream";

/** The part headers of the file come before its bytes; this much of the body is enough to see them. */
const HEAD_BYTES = 64 * 1024;

/**
 * The Content-Type header of the multipart part named `field`, as sent, read from the
 * start of the body. busboy reports "text/plain" when it cannot parse a part's type, and
 * it cannot parse the unquoted comma browsers and REST clients send in
 * `video/webm;codecs=vp9,opus`; this reads the raw header instead.
 */
export function rawPartContentType(head: Buffer, field: string): string | undefined {
  const text = head.toString("latin1");
  const headerBlocks = /(?:^|\r\n)--[^\r\n]*\r\n((?:[^\r\n]+\r\n)*)\r\n/g;
  for (const match of text.matchAll(headerBlocks)) {
    const headers = match[1] ?? "";
    const disposition = /^content-disposition:[^\r\n]*;\s*name="([^"]*)"/im.exec(headers);
    if (disposition?.[1] !== field) continue;
    return /^content-type:[ \t]*([^\r\n]*)/im.exec(headers)?.[1]?.trim() || undefined;
  }
  return undefined;
}

/** The file part's type: busboy's, unless busboy fell back to text/plain for a type it could not parse. */
export function filePartContentType(parsed: string, raw: string | undefined): string {
  if (parsed !== "text/plain" || !raw) return parsed;
  return /^text\/plain\b/i.test(raw) ? parsed : raw;
}

/** Passes the body through unchanged, keeping its first bytes so that part headers can be read as sent. */
export class BodyHead extends Transform {
  private readonly chunks: Buffer[] = [];
  private kept = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    if (this.kept < HEAD_BYTES) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
    }
    done(null, chunk);
  }

  get head(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
