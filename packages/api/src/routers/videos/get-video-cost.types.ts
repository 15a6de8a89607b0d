import { ZVideoIdInput } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZGetVideoCostInput = ZVideoIdInput;

export const ZGetVideoCostOutput = z.object({
  videoId: z.uuid(),
  /** USD spent on provider calls for this video's analysis; 0 when everything came from caches or local engines. */
  totalUsd: z.number().nonnegative(),
  /**
   * True when the upload was linked to an earlier analysis of the same file (nothing was booked
   * for it). A copy made by the worker instead books the earlier run's providers as cached calls.
   */
  reusedAnalysis: z.boolean(),
  providers: z.array(
    z.object({
      provider: z.string(),
      costUsd: z.number().nonnegative(),
      calls: z.number().int().nonnegative(),
      /** Calls answered by a cache or by reuse, at $0. */
      cachedCalls: z.number().int().nonnegative(),
    }),
  ),
});

export const getVideoCostMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/videos/{id}/cost",
    tags: ["videos"],
    summary: "What a video's analysis cost, by provider",
    description:
      "Total USD and per-provider cost, calls and cached calls, from the provider usage booked for this video. " +
      "Local engines and cache hits cost $0.",
    protect: true,
  },
};
