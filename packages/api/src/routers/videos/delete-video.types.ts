import { ZDeleteVideoOutput, ZVideoIdInput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";

export const ZDeleteVideoInput = ZVideoIdInput;
export { ZDeleteVideoOutput };

export const deleteVideoMeta: OpenApiMeta = {
  openapi: {
    method: "DELETE",
    path: "/videos/{id}",
    tags: ["videos"],
    summary: "Delete a video, its analysis and its stored files",
    description: "A pending analysis job is cancelled; one already running finds the video gone and stops.",
    protect: true,
  },
};
