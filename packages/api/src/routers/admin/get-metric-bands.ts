import { getMetricBands } from "@coherence/core";
import { adminProcedure } from "../../trpc/procedures";
import { getMetricBandsMeta, ZGetMetricBandsInput, ZGetMetricBandsOutput } from "./get-metric-bands.types";

/** Reads the metric bands, fresh from the database. */
export const getMetricBandsRoute = adminProcedure
  .meta(getMetricBandsMeta)
  .input(ZGetMetricBandsInput)
  .output(ZGetMetricBandsOutput)
  .query(({ ctx }) => getMetricBands(ctx.deps.db, { ttlMs: 0 }));
