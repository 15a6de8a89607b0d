import { createReadStream } from "node:fs";
import {
  contentTypeForContainer,
  createVideoRepository,
  inspectStoredVideo,
  type Logger,
  originalVideoKey,
  titleFrom,
  toVideoDto,
  videoLimitsFromConfig,
  videoPrefix,
} from "@coherence/core";
import type { TUploadResult } from "@coherence/shared";
import type { AppDeps } from "../../deps";
import { UploadMeter } from "../videos/upload-meter";

export type FinishedUpload = {
  userId: string;
  videoId: string;
  requestId: string;
  path: string;
  filename: string;
  contentType: string;
  title?: string;
};

/**
 * Moves a finished resumable upload into the project's storage (hashed and counted
 * on the way, in constant memory), checks it as the streamed path does (sniffing,
 * container, ffprobe, duration) and registers the video with its analysis job.
 * A refusal removes whatever reached storage; the caller removes the partial upload.
 */
export async function registerResumableUpload(opts: {
  deps: AppDeps;
  upload: FinishedUpload;
  log: Logger;
}): Promise<TUploadResult> {
  const { deps, upload, log } = opts;
  const key = originalVideoKey(upload.userId, upload.videoId);
  try {
    const meter = new UploadMeter();
    const source = createReadStream(upload.path);
    source.on("error", (err) => meter.destroy(err));
    await deps.storage.put(key, source.pipe(meter), { contentType: upload.contentType });
    const inspected = await inspectStoredVideo({
      storage: deps.storage,
      key,
      sizeBytes: meter.bytes,
      limits: videoLimitsFromConfig(deps.config),
    });
    const { row, reusedAnalysis, score } = await createVideoRepository(deps.db).register({
      videoId: upload.videoId,
      userId: upload.userId,
      requestId: upload.requestId,
      title: titleFrom({ title: upload.title, filename: upload.filename }),
      originalFilename: upload.filename,
      contentType: contentTypeForContainer(inspected.container, upload.contentType),
      sizeBytes: meter.bytes,
      contentHash: meter.sha256,
      durationSeconds: inspected.durationSeconds,
      storageKey: key,
      uploadMode: "stream",
    });
    log.info({ sizeBytes: meter.bytes, reusedAnalysis, container: inspected.container }, "resumable upload registered");
    return { video: toVideoDto(row, score), reusedAnalysis };
  } catch (err) {
    await deps.storage
      .deletePrefix(videoPrefix(upload.userId, upload.videoId))
      .catch((e) => log.error({ err: e }, "could not remove a refused resumable upload"));
    throw err;
  }
}
