import { systemRouter } from "./routers/system/router";
import { videosRouter } from "./routers/videos/router";
import { router } from "./trpc/procedures";

/** The whole API. Only wiring lives here: each procedure has its own file pair under routers/. */
export const appRouter = router({
  system: systemRouter,
  videos: videosRouter,
});

export type AppRouter = typeof appRouter;
