import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const PROGRESS_RANGES = ["30d", "90d", "1y", "all"] as const;
export const ZProgressRange = z.enum(PROGRESS_RANGES);
export type TProgressRange = z.infer<typeof ZProgressRange>;

export const ZGetProgressInput = z.object({
  /** How far back the series goes (by upload date). */
  range: ZProgressRange.default("90d"),
});

export const ZProgressPoint = z.object({
  videoId: z.uuid(),
  title: z.string(),
  recordedAt: z.iso.datetime(),
  durationSeconds: z.number().nonnegative(),
  score: z.number().int().min(0).max(100),
  tier: z.string(),
  /** Words per minute. */
  wpm: z.number().nullable(),
  /** Fillers as a percentage of words. */
  fillerDensity: z.number().nullable(),
  /** Share of speaking time looking at the camera, in percent. */
  eyeContact: z.number().nullable(),
  flagsPerMinute: z.number().nullable(),
});
export type TProgressPoint = z.infer<typeof ZProgressPoint>;

export const ZGetProgressOutput = z.object({
  range: ZProgressRange,
  /** Start of the window; null for `all`. */
  from: z.iso.datetime().nullable(),
  /** One point per analysed talk, oldest first. */
  points: z.array(ZProgressPoint),
});
export type TGetProgressOutput = z.infer<typeof ZGetProgressOutput>;

export const getProgressMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/analytics/progress",
    tags: ["analytics"],
    summary: "Score and delivery metrics over time",
    description:
      "One point per analysed talk in the range: coherence score, WPM, filler density, eye contact and flags per minute.",
    protect: true,
  },
};
