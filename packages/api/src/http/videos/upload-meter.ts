import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { assertSniffedVideo, SNIFF_BYTES, sniffContainer } from "@coherence/core";

/**
 * Passes an upload through unchanged while counting bytes, hashing (SHA-256) and
 * sniffing the first bytes: a file that is plainly not a video fails the stream
 * (and so the storage write) as soon as its first SNIFF_BYTES arrive.
 */
export class UploadMeter extends Transform {
  bytes = 0;
  sha256 = "";
  container: string | null = null;
  private readonly hash = createHash("sha256");
  private head: Buffer[] = [];
  private headLength = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    if (this.container === null) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength >= SNIFF_BYTES) {
        try {
          this.sniff();
        } catch (err) {
          callback(err as Error);
          return;
        }
      }
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    try {
      if (this.container === null) this.sniff();
      this.sha256 = this.hash.digest("hex");
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  private sniff(): void {
    this.container = assertSniffedVideo(sniffContainer(Buffer.concat(this.head).subarray(0, SNIFF_BYTES)));
    this.head = [];
  }
}
