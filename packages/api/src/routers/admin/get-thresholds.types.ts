import { ZThresholds } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZGetThresholdsInput = z.void();
export const ZGetThresholdsOutput = ZThresholds;

export const getThresholdsMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/admin/thresholds",
    tags: ["admin"],
    protect: true,
    summary: "Dissonance thresholds per type (admin)",
    description:
      "The per-type thresholds that turn raw detections into flags: minimum confidence and severity, merge gap, minimum duration, spike suppression and score weight.",
  },
};
