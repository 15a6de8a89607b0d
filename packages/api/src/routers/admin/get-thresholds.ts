import { getThresholds } from "@coherence/core";
import { adminProcedure } from "../../trpc/procedures";
import { getThresholdsMeta, ZGetThresholdsInput, ZGetThresholdsOutput } from "./get-thresholds.types";

/** Reads the current thresholds, fresh from the database (an admin wants to see what is stored, not a cached copy). */
export const getThresholdsRoute = adminProcedure
  .meta(getThresholdsMeta)
  .input(ZGetThresholdsInput)
  .output(ZGetThresholdsOutput)
  .query(({ ctx }) => getThresholds(ctx.deps.db, { ttlMs: 0 }));
