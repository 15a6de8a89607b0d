import { ZVideo, ZVideoIdInput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";

export const ZGetVideoInput = ZVideoIdInput;
export const ZGetVideoOutput = ZVideo;

export const getVideoMeta: OpenApiMeta = {
  openapi: { method: "GET", path: "/videos/{id}", tags: ["videos"], summary: "One of your videos", protect: true },
};
