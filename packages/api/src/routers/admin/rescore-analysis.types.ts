import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZRescoreAnalysisInput = z.object({ analysisId: z.uuid() });
export const ZRescoreAnalysisOutput = z.object({ queued: z.literal(true), jobId: z.string() });

export const rescoreAnalysisMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/admin/analyses/{analysisId}/rescore",
    tags: ["admin"],
    summary: "Re-score an analysis with the current thresholds",
    description:
      "Queues a job that recomputes flags, heatmap, metric ratings and the score from the analysis's stored raw events. No AI provider is called. Admins only.",
    protect: true,
  },
};
