import { z } from "zod";

export const ZExperimentStage = z.enum(["transcribe", "visuals", "coach"]);

export const ZExperiment = z.object({
  id: z.string(),
  key: z.string(),
  stage: ZExperimentStage,
  controlProvider: z.string(),
  treatmentProvider: z.string(),
  treatmentPercent: z.number(),
  active: z.boolean(),
});

export const ZUpsertExperimentInput = z.object({
  /** Stable identifier; also salts the assignment hash, so renaming reshuffles users. */
  key: z.string().regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, "use 2–64 lower-case letters, digits, - or _"),
  stage: ZExperimentStage,
  controlProvider: z.string().min(1).max(64),
  treatmentProvider: z.string().min(1).max(64),
  /** Share of users (0–100) whose new analyses use the treatment provider. */
  treatmentPercent: z.number().min(0).max(100),
  active: z.boolean().default(true),
});
export const ZUpsertExperimentOutput = ZExperiment;
