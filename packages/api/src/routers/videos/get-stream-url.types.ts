import { ZStreamUrlOutput, ZVideoIdInput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";

export const ZGetStreamUrlInput = ZVideoIdInput;
export const ZGetStreamUrlOutput = ZStreamUrlOutput;

export const getStreamUrlMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/videos/{id}/stream-url",
    tags: ["videos"],
    summary: "A short-lived signed URL for a <video> element",
    description: "GET /videos/{id}/stream needs an access token; this URL works without one until it expires.",
    protect: true,
  },
};
