import { createHash } from "node:crypto";
import {
  contentTypeForContainer,
  createVideoRepository,
  inspectStoredVideo,
  type Storage,
  toVideoDto,
  videoLimitsFromConfig,
  videoPrefix,
} from "@coherence/core";
import { AppError } from "@coherence/shared";
import { authedProcedure } from "../../trpc/procedures";
import { completeUploadMeta, ZCompleteUploadInput, ZCompleteUploadOutput } from "./complete-upload.types";

/** SHA-256 of a stored object, streamed (constant memory). */
async function hashStored(storage: Storage, key: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of await storage.get(key)) {
    signal?.throwIfAborted();
    hash.update(chunk as Buffer);
  }
  return hash.digest("hex");
}

/** Verifies a direct upload (size, magic bytes, ffprobe) and registers the video, or deletes what was uploaded. */
export const completeUploadRoute = authedProcedure
  .meta(completeUploadMeta)
  .input(ZCompleteUploadInput)
  .output(ZCompleteUploadOutput)
  .mutation(async ({ ctx, input }) => {
    const { db, storage, config } = ctx.deps;
    const log = ctx.logger.child({ videoId: input.uploadId });
    const upload = await db
      .selectFrom("videoUploads")
      .selectAll()
      .where("id", "=", input.uploadId)
      .where("userId", "=", ctx.user.id)
      .executeTakeFirst();
    if (!upload) throw new AppError("NOT_FOUND", "Upload not found. It may have expired or been completed already.");
    if (!storage.presigned) throw new AppError("BAD_REQUEST", "Direct uploads need S3 storage.");
    const presigned = storage.presigned;
    // Stop probing and hashing if the client goes away.
    const controller = new AbortController();
    ctx.res?.once("close", () => {
      if (!ctx.res?.writableFinished) controller.abort(new Error("client disconnected"));
    });
    const signal = controller.signal;

    /** Drops the upload and anything stored for it; a refused upload leaves nothing behind. */
    const discard = async () => {
      if (upload.multipartUploadId) {
        await presigned
          .abortMultipartUpload(upload.storageKey, { uploadId: upload.multipartUploadId })
          .catch((err) => log.warn({ err }, "could not abort the multipart upload"));
      }
      await storage.deletePrefix(videoPrefix(ctx.user.id, upload.id));
      await db.deleteFrom("videoUploads").where("id", "=", upload.id).execute();
    };

    if (upload.expiresAt.getTime() < Date.now()) {
      await discard();
      throw new AppError("NOT_FOUND", "This upload expired. Start a new upload.");
    }
    if (upload.multipartUploadId) {
      const expected = Math.ceil(upload.sizeBytes / (upload.partSizeBytes ?? upload.sizeBytes));
      const parts = input.parts ?? [];
      const numbers = new Set(parts.map((p) => p.partNumber));
      if (parts.length !== expected || numbers.size !== expected || [...numbers].some((n) => n > expected)) {
        throw new AppError(
          "BAD_REQUEST",
          `This multipart upload has ${expected} parts; send each part's number and ETag exactly once.`,
        );
      }
      try {
        await presigned.completeMultipartUpload(upload.storageKey, { uploadId: upload.multipartUploadId, parts });
      } catch (err) {
        log.info({ err }, "multipart completion refused");
        throw new AppError(
          "BAD_REQUEST",
          "Storage refused to assemble the parts: check that every part was uploaded and its ETag is right.",
          { cause: err },
        );
      }
    }
    const head = await storage.head(upload.storageKey);
    if (!head) {
      throw new AppError("BAD_REQUEST", "The file has not been uploaded yet: PUT it to the URL you were given first.");
    }
    try {
      if (head.size !== upload.sizeBytes) {
        throw new AppError(
          "BAD_REQUEST",
          `The uploaded file is ${head.size} bytes but ${upload.sizeBytes} were announced. Start a new upload.`,
        );
      }
      const inspected = await inspectStoredVideo({
        storage,
        key: upload.storageKey,
        sizeBytes: head.size,
        limits: videoLimitsFromConfig(config),
        signal,
      });
      const contentHash = await hashStored(storage, upload.storageKey, signal);
      const { row, reusedAnalysis, score } = await createVideoRepository(db).register({
        videoId: upload.id,
        userId: ctx.user.id,
        requestId: ctx.requestId,
        title: upload.title,
        originalFilename: upload.originalFilename,
        contentType: contentTypeForContainer(inspected.container, upload.contentType),
        sizeBytes: head.size,
        contentHash,
        durationSeconds: inspected.durationSeconds,
        storageKey: upload.storageKey,
        uploadMode: "direct",
        completesUploadId: upload.id,
        script: upload.script ?? undefined,
      });
      log.info({ sizeBytes: head.size, reusedAnalysis }, "direct upload registered");
      return { video: toVideoDto(row, score), reusedAnalysis };
    } catch (err) {
      if (!(err instanceof AppError && err.code === "CONFLICT")) await discard();
      throw err;
    }
  });
