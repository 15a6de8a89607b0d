export { createApp } from "./http/app";
export type { AppRouter } from "./router";
export { appRouter } from "./router";
export { startApiServer } from "./server";
