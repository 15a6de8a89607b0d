import { ZDissonanceType, ZScoreTier } from "@coherence/shared";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZGetOverviewInput = z.void();

const ZTalkSummary = z.object({
  videoId: z.uuid(),
  title: z.string(),
  recordedAt: z.iso.datetime(),
  score: z.number().int().min(0).max(100),
  tier: z.string(),
});

export const ZGetOverviewOutput = z.object({
  /** Completed analyses. */
  talksAnalysed: z.number().int().nonnegative(),
  /** Talks uploaded but not yet analysed (queued or processing). */
  talksInProgress: z.number().int().nonnegative(),
  /** Total analysed speaking time. */
  totalMinutes: z.number().nonnegative(),
  averageScore: z.number().nullable(),
  bestScore: z.number().int().nullable(),
  best: ZTalkSummary.nullable(),
  latest: ZTalkSummary.nullable(),
  /** Counts per tier, every tier present (0 when none). */
  tierDistribution: z.array(z.object({ tier: ZScoreTier, count: z.number().int().nonnegative() })),
  /** The most frequent dissonance flag types across all talks, most frequent first (at most 5). */
  topFlagTypes: z.array(
    z.object({ type: ZDissonanceType.or(z.string()), count: z.number().int(), totalSeconds: z.number() }),
  ),
  /** Latest talk minus the one before it; null with fewer than two talks. */
  changeSincePrevious: z
    .object({
      score: z.number(),
      wpm: z.number().nullable(),
      fillerDensity: z.number().nullable(),
      eyeContact: z.number().nullable(),
      flagsPerMinute: z.number().nullable(),
    })
    .nullable(),
});
export type TGetOverviewOutput = z.infer<typeof ZGetOverviewOutput>;

export const getOverviewMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/analytics/overview",
    tags: ["analytics"],
    summary: "Dashboard overview of the signed-in user's talks",
    description:
      "Talks analysed, minutes, average/best/latest coherence score, tier distribution, the most frequent flag types and the change since the previous talk.",
    protect: true,
  },
};
