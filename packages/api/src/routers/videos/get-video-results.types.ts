import { ZVideoIdInput, ZVideoResults } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";

export const ZGetVideoResultsInput = ZVideoIdInput;
export const ZGetVideoResultsOutput = ZVideoResults;

export const getVideoResultsMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/videos/{id}/results",
    tags: ["videos"],
    summary: "The analysis of a video",
    description: "Score, metrics, dissonance flags, heatmap, coaching report and transcript. 404 until complete.",
    protect: true,
  },
};
