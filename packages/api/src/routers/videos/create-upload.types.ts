import { ZCreateUploadInput, ZCreateUploadOutput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";

export { ZCreateUploadInput, ZCreateUploadOutput };

export const createUploadMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/videos/uploads",
    tags: ["videos"],
    summary: "Start a direct upload to storage (S3 only)",
    description:
      "Returns a presigned PUT, or presigned multipart part URLs for large files. Upload, then call completeUpload. " +
      "Servers with local storage answer 400: use POST /videos/upload instead.",
    protect: true,
  },
};
