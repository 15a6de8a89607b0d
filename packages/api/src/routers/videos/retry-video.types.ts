import { ZVideoIdInput, ZVideoStatusOutput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";

export const ZRetryVideoInput = ZVideoIdInput;
export const ZRetryVideoOutput = ZVideoStatusOutput;

export const retryVideoMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/videos/{id}/retry",
    tags: ["videos"],
    summary: "Analyse a failed video again",
    description:
      "Only for a video whose analysis failed with a retryable error. Stages that finished before the failure are reused.",
    protect: true,
  },
};
