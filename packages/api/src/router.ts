import { adminRouter } from "./routers/admin/router";
import { systemRouter } from "./routers/system/router";
import { router } from "./trpc/procedures";

/** The whole API. Only wiring lives here: each procedure has its own file pair under routers/. */
export const appRouter = router({
  system: systemRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
