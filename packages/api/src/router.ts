import { compareExperimentArmsRoute } from "./routers/admin/compare-experiment-arms";
import { getCostsByAnalysisRoute } from "./routers/admin/get-costs-by-analysis";
import { getCostsByProviderRoute } from "./routers/admin/get-costs-by-provider";
import { getMetricBandsRoute } from "./routers/admin/get-metric-bands";
import { getThresholdsRoute } from "./routers/admin/get-thresholds";
import { rescoreAllRoute } from "./routers/admin/rescore-all";
import { rescoreAnalysisRoute } from "./routers/admin/rescore-analysis";
import { setExperimentAssignmentRoute } from "./routers/admin/set-experiment-assignment";
import { setMetricBandRoute } from "./routers/admin/set-metric-band";
import { setThresholdsRoute } from "./routers/admin/set-thresholds";
import { upsertExperimentRoute } from "./routers/admin/upsert-experiment";
import { analyticsRouter } from "./routers/analytics/router";
import { authRouter } from "./routers/auth/router";
import { systemRouter } from "./routers/system/router";
import { usersRouter } from "./routers/users/router";
import { videosRouter } from "./routers/videos/router";
import { router } from "./trpc/procedures";

/** The whole API. Only wiring lives here: each procedure has its own file pair under routers/. */
export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  users: usersRouter,
  costs: router({ byProvider: getCostsByProviderRoute, byAnalysis: getCostsByAnalysisRoute }),
  experiments: router({
    upsert: upsertExperimentRoute,
    setAssignment: setExperimentAssignmentRoute,
    compareArms: compareExperimentArmsRoute,
  }),
  thresholds: router({
    get: getThresholdsRoute,
    set: setThresholdsRoute,
    getBands: getMetricBandsRoute,
    setBand: setMetricBandRoute,
  }),
  analyses: router({ rescore: rescoreAnalysisRoute, rescoreAll: rescoreAllRoute }),
  videos: videosRouter,
  analytics: analyticsRouter,
});

export type AppRouter = typeof appRouter;
