import { z } from "zod";
import { ZExperiment } from "./upsert-experiment.types";

export const ZCompareExperimentArmsInput = z.object({ experimentKey: z.string().min(1) });

export const ZCompareExperimentArmsOutput = z.object({
  experiment: ZExperiment,
  arms: z.array(
    z.object({
      arm: z.enum(["control", "treatment"]),
      provider: z.string(),
      /** Analyses that ran under this arm. */
      analyses: z.number().int(),
      /** Mean provider cost per analysis (all providers), USD. */
      avgCostUsd: z.number(),
      /** Mean time spent in the arm's provider per analysis, ms; null without usage rows. */
      avgLatencyMs: z.number().nullable(),
      /** Mean coherence score of finished analyses; null when none finished. */
      avgScore: z.number().nullable(),
      /** Share of finished videos that ended in error; null when none finished. */
      errorRate: z.number().nullable(),
    }),
  ),
});
