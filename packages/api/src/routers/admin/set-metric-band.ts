import { setMetricBand } from "@coherence/core";
import { adminProcedure } from "../../trpc/procedures";
import { setMetricBandMeta, ZSetMetricBandInput, ZSetMetricBandOutput } from "./set-metric-band.types";

/** Changes one metric's band; the caller is recorded as `updated_by`. */
export const setMetricBandRoute = adminProcedure
  .meta(setMetricBandMeta)
  .input(ZSetMetricBandInput)
  .output(ZSetMetricBandOutput)
  .mutation(async ({ ctx, input }) => {
    const bands = await setMetricBand(ctx.deps.db, { name: input.name, band: input.band, updatedBy: ctx.user.id });
    ctx.logger.info({ name: input.name, band: input.band }, "metric band changed");
    return bands;
  });
