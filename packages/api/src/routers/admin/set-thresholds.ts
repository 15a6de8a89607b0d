import { setThresholds } from "@coherence/core";
import { adminProcedure } from "../../trpc/procedures";
import { setThresholdsMeta, ZSetThresholdsInput, ZSetThresholdsOutput } from "./set-thresholds.types";

/** Changes some of one type's thresholds; the caller is recorded as `updated_by`. */
export const setThresholdsRoute = adminProcedure
  .meta(setThresholdsMeta)
  .input(ZSetThresholdsInput)
  .output(ZSetThresholdsOutput)
  .mutation(async ({ ctx, input }) => {
    const thresholds = await setThresholds(ctx.deps.db, {
      type: input.type,
      values: input.values,
      updatedBy: ctx.user.id,
    });
    ctx.logger.info({ type: input.type, values: input.values }, "dissonance thresholds changed");
    return thresholds;
  });
