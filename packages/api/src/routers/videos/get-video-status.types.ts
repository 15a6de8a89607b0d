import { ZVideoIdInput, ZVideoStatusOutput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";

export const ZGetVideoStatusInput = ZVideoIdInput;
export const ZGetVideoStatusOutput = ZVideoStatusOutput;

export const getVideoStatusMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/videos/{id}/status",
    tags: ["videos"],
    summary: "Processing status of a video",
    description: "status, pipeline stage, progress 0-100, and the error ({code, message, retryable}) if it failed.",
    protect: true,
  },
};
