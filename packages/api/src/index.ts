export { createApp } from "./http/app";
export type { AppRouter } from "./router";
export { appRouter } from "./router";
// The upload's registration step, for fault tests that register a stored talk the way an upload does.
export { registerVideo } from "./routers/videos/register-video";
export { type ApiServer, startApiServer } from "./server";
// For tests that mount extra procedures next to the API's own.
export { publicProcedure, router } from "./trpc/procedures";
