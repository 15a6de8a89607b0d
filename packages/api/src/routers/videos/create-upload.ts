import { randomUUID } from "node:crypto";
import { originalVideoKey, titleFrom } from "@coherence/core";
import { AppError, filenameProblem, formatBytes, isAcceptableVideoContentType } from "@coherence/shared";
import { authedProcedure } from "../../trpc/procedures";
import { createUploadMeta, ZCreateUploadInput, ZCreateUploadOutput } from "./create-upload.types";

/** How long the client has to upload and complete. */
export const DIRECT_UPLOAD_TTL_SECONDS = 60 * 60;
const MiB = 1024 * 1024;

/** Part size for a multipart upload: at least 5 MiB (the S3 minimum), and at most 200 parts. */
export function partSizeFor(sizeBytes: number): number {
  return Math.max(5 * MiB, Math.ceil(sizeBytes / 200 / MiB) * MiB);
}

/** Starts a direct-to-S3 upload; the id it returns becomes the video's id on completion. */
export const createUploadRoute = authedProcedure
  .meta(createUploadMeta)
  .input(ZCreateUploadInput)
  .output(ZCreateUploadOutput)
  .mutation(async ({ ctx, input }) => {
    const { storage, config, db } = ctx.deps;
    if (!storage.presigned) {
      throw new AppError(
        "BAD_REQUEST",
        "Direct uploads need S3 storage, and this server keeps videos on its own disk. Upload the file with POST /api/videos/upload instead.",
      );
    }
    const problem = filenameProblem(input.filename);
    if (problem) throw new AppError("BAD_REQUEST", problem);
    if (!isAcceptableVideoContentType(input.contentType) || input.contentType.trim() === "") {
      throw new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        `The content type ${JSON.stringify(input.contentType)} is not a video type; send the file's video/* type.`,
      );
    }
    if (input.sizeBytes > config.UPLOAD_MAX_BYTES) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `This file is ${formatBytes(input.sizeBytes)}; the largest we accept is ${formatBytes(config.UPLOAD_MAX_BYTES)}.`,
      );
    }
    const id = randomUUID();
    const key = originalVideoKey(ctx.user.id, id);
    const expiresAt = new Date(Date.now() + DIRECT_UPLOAD_TTL_SECONDS * 1000);
    const contentType = input.contentType.split(";")[0]?.trim().toLowerCase() || "application/octet-stream";
    const multipart = input.sizeBytes > config.S3_MULTIPART_THRESHOLD_BYTES;
    const partSize = multipart ? partSizeFor(input.sizeBytes) : null;
    const multipartUploadId = multipart ? await storage.presigned.createMultipartUpload(key, { contentType }) : null;
    await db
      .insertInto("videoUploads")
      .values({
        id,
        userId: ctx.user.id,
        storageKey: key,
        title: titleFrom({ title: input.title, filename: input.filename }),
        originalFilename: input.filename,
        contentType,
        sizeBytes: input.sizeBytes,
        multipartUploadId,
        partSizeBytes: partSize,
        expiresAt,
        script: input.script ?? null,
      })
      .execute();
    if (multipartUploadId && partSize) {
      const count = Math.ceil(input.sizeBytes / partSize);
      const parts = await Promise.all(
        Array.from({ length: count }, async (_, i) => ({
          partNumber: i + 1,
          url: await storage.presigned!.presignUploadPart(key, {
            uploadId: multipartUploadId,
            partNumber: i + 1,
            expiresInSeconds: DIRECT_UPLOAD_TTL_SECONDS,
          }),
        })),
      );
      return {
        mode: "multipart" as const,
        uploadId: id,
        partSizeBytes: partSize,
        parts,
        expiresAt: expiresAt.toISOString(),
      };
    }
    const url = await storage.presigned.presignPut(key, {
      expiresInSeconds: DIRECT_UPLOAD_TTL_SECONDS,
      contentType,
      contentLength: input.sizeBytes,
    });
    return {
      mode: "single" as const,
      uploadId: id,
      method: "PUT" as const,
      url,
      headers: { "content-type": contentType },
      expiresAt: expiresAt.toISOString(),
    };
  });
