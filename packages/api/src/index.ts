export { createApp } from "./http/app";
export type { AppRouter } from "./router";
export { appRouter } from "./router";
export { type ApiServer, startApiServer } from "./server";
// For tests that mount extra procedures next to the API's own.
export { publicProcedure, router } from "./trpc/procedures";
