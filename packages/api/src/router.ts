import { analyticsRouter } from "./routers/analytics/router";
import { systemRouter } from "./routers/system/router";
import { router } from "./trpc/procedures";

/** The whole API. Only wiring lives here: each procedure has its own file pair under routers/. */
export const appRouter = router({
  system: systemRouter,
  analytics: analyticsRouter,
});

export type AppRouter = typeof appRouter;
