import { getMetricBandsRoute } from "./routers/admin/get-metric-bands";
import { getThresholdsRoute } from "./routers/admin/get-thresholds";
import { setMetricBandRoute } from "./routers/admin/set-metric-band";
import { setThresholdsRoute } from "./routers/admin/set-thresholds";
import { systemRouter } from "./routers/system/router";
import { router } from "./trpc/procedures";

/** The whole API. Only wiring lives here: each procedure has its own file pair under routers/. */
export const appRouter = router({
  system: systemRouter,
  thresholds: router({
    get: getThresholdsRoute,
    set: setThresholdsRoute,
    getBands: getMetricBandsRoute,
    setBand: setMetricBandRoute,
  }),
});

export type AppRouter = typeof appRouter;
