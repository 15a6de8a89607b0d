import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { PresignedAccess, Storage, StoredObject } from "./types";

export type S3StorageOptions = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Part size for streamed multipart writes (lib-storage keeps at most 4 parts in memory). Default 8 MiB. */
  partSizeBytes?: number;
};

const SAFE_KEY = /^[a-z0-9][a-z0-9/_.-]*$/i;

function assertKey(key: string): string {
  if (!SAFE_KEY.test(key) || key.includes("..")) throw new Error(`invalid storage key: ${key}`);
  return key;
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}

/** Builds the S3 client; checksums only when required, because many S3-compatible services reject the newer ones. */
export function createS3Client(opts: S3StorageOptions): S3Client {
  return new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle ?? false,
    credentials: opts.credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** S3 (or any S3-compatible service) storage. Streamed writes use multipart uploads and never buffer a whole file. */
export function createS3Storage(opts: S3StorageOptions & { client?: S3Client }): Storage {
  const client = opts.client ?? createS3Client(opts);
  const Bucket = opts.bucket;
  const partSize = opts.partSizeBytes ?? 8 * 1024 * 1024;

  async function listKeys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return keys.sort();
  }

  const presigned: PresignedAccess = {
    presignGet(key, o) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket,
          Key: assertKey(key),
          ResponseContentDisposition: o.downloadName
            ? `inline; filename*=UTF-8''${encodeURIComponent(o.downloadName)}`
            : undefined,
        }),
        { expiresIn: o.expiresInSeconds },
      );
    },
    presignPut(key, o) {
      return getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket,
          Key: assertKey(key),
          ContentType: o.contentType,
          ContentLength: o.contentLength,
        }),
        // Signing these headers makes the URL useless for any other length or type.
        { expiresIn: o.expiresInSeconds, signableHeaders: new Set(["content-type", "content-length"]) },
      );
    },
    async createMultipartUpload(key, o) {
      const out = await client.send(
        new CreateMultipartUploadCommand({ Bucket, Key: assertKey(key), ContentType: o.contentType }),
      );
      if (!out.UploadId) throw new Error("S3 CreateMultipartUpload returned no UploadId");
      return out.UploadId;
    },
    presignUploadPart(key, o) {
      return getSignedUrl(
        client,
        new UploadPartCommand({ Bucket, Key: assertKey(key), UploadId: o.uploadId, PartNumber: o.partNumber }),
        { expiresIn: o.expiresInSeconds },
      );
    },
    async completeMultipartUpload(key, o) {
      await client.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: assertKey(key),
          UploadId: o.uploadId,
          MultipartUpload: {
            Parts: [...o.parts]
              .sort((a, b) => a.partNumber - b.partNumber)
              .map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
          },
        }),
      );
    },
    async abortMultipartUpload(key, o) {
      try {
        await client.send(new AbortMultipartUploadCommand({ Bucket, Key: assertKey(key), UploadId: o.uploadId }));
      } catch (err) {
        if ((err as { name?: string }).name === "NoSuchUpload" || isNotFound(err)) return;
        throw err;
      }
    },
  };

  return {
    kind: "s3",
    presigned,
    async put(key, body, putOpts): Promise<StoredObject> {
      const upload = new Upload({
        client,
        params: { Bucket, Key: assertKey(key), Body: body, ContentType: putOpts?.contentType },
        partSize,
        queueSize: 4,
        leavePartsOnError: false,
      });
      const signal = putOpts?.signal;
      const onAbort = () => {
        body.destroy(signal?.reason instanceof Error ? signal.reason : new Error("upload aborted"));
        void upload.abort().catch(() => {});
      };
      if (signal?.aborted) onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        // lib-storage does not notice a source stream that errors mid-way; race it.
        const bodyFailed = new Promise<never>((_, reject) => {
          if (body.errored) reject(body.errored);
          body.once("error", reject);
        });
        bodyFailed.catch(() => {});
        await Promise.race([upload.done(), bodyFailed]);
      } catch (err) {
        await upload.abort().catch(() => {});
        // A single PutObject may already have landed if the race was lost at the very end.
        await client.send(new DeleteObjectCommand({ Bucket, Key: key })).catch(() => {});
        throw signal?.aborted ? (signal.reason ?? err) : err;
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
      const head = await this.head(key);
      if (!head) throw new Error(`S3 object ${key} missing right after upload`);
      return { key, size: head.size, contentType: putOpts?.contentType };
    },
    async get(key, range) {
      const out = await client.send(
        new GetObjectCommand({
          Bucket,
          Key: assertKey(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      if (!out.Body) throw new Error(`S3 object ${key} has no body`);
      return out.Body instanceof Readable ? out.Body : Readable.fromWeb(out.Body.transformToWebStream() as never);
    },
    async head(key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket, Key: assertKey(key) }));
        return { key, size: Number(out.ContentLength ?? 0), contentType: out.ContentType };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: assertKey(key) }));
    },
    async deletePrefix(prefix) {
      const keys = await listKeys(prefix);
      for (let i = 0; i < keys.length; i += 1000) {
        const batch = keys.slice(i, i + 1000);
        const out = await client.send(
          new DeleteObjectsCommand({ Bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
        );
        if (out.Errors?.length) {
          throw new Error(`S3 could not delete ${out.Errors.length} object(s) under ${prefix}: ${out.Errors[0]?.Code}`);
        }
      }
      return keys.length;
    },
    list: listKeys,
    async localPath(key, o) {
      const dir = await mkdtemp(join(tmpdir(), "coherence-s3-"));
      const path = join(dir, randomUUID());
      const cleanup = () => rm(dir, { recursive: true, force: true });
      try {
        await pipeline(await this.get(key), createWriteStream(path), { signal: o?.signal });
      } catch (err) {
        await cleanup();
        throw err;
      }
      return { path, cleanup };
    },
  };
}
