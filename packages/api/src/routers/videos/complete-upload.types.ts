import { ZCompleteUploadInput, ZUploadResult } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";

export const ZCompleteUploadOutput = ZUploadResult;
export { ZCompleteUploadInput };

export const completeUploadMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/videos/uploads/{uploadId}/complete",
    tags: ["videos"],
    summary: "Finish a direct upload: verify the file and register the video",
    description:
      "Checks the size, the file type and (with ffprobe) the streams and duration, then queues the analysis. " +
      "A file that fails is deleted.",
    protect: true,
  },
};
