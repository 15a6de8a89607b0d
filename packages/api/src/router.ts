import { authRouter } from "./routers/auth/router";
import { systemRouter } from "./routers/system/router";
import { usersRouter } from "./routers/users/router";
import { router } from "./trpc/procedures";

/** The whole API. Only wiring lives here: each procedure has its own file pair under routers/. */
export const appRouter = router({
  system: systemRouter,
  auth: authRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
