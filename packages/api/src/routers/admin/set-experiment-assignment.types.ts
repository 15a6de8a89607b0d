import { z } from "zod";

export const ZSetExperimentAssignmentInput = z.object({
  experimentKey: z.string().min(1),
  userId: z.uuid(),
  arm: z.enum(["control", "treatment"]),
});
export const ZSetExperimentAssignmentOutput = z.object({
  experimentKey: z.string(),
  userId: z.string(),
  arm: z.enum(["control", "treatment"]),
  source: z.literal("admin"),
});
