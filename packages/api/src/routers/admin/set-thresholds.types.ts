import { ZDissonanceType, ZThresholds, ZTypeThreshold } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZSetThresholdsInput = z.object({
  type: ZDissonanceType,
  values: ZTypeThreshold.partial().refine((v) => Object.keys(v).length > 0, {
    message: "Give at least one field to change.",
  }),
});
export const ZSetThresholdsOutput = ZThresholds;

export const setThresholdsMeta: OpenApiMeta = {
  openapi: {
    method: "PATCH",
    path: "/admin/thresholds/{type}",
    tags: ["admin"],
    protect: true,
    summary: "Change one type's dissonance thresholds (admin)",
    description:
      "Changes the given fields of one type's thresholds and returns them all. Workers pick the change up within the thresholds cache TTL; re-score an analysis to apply them to it.",
  },
};
