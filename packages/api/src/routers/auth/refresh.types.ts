import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZAuthSession } from "./session.types";

export const ZRefreshInput = z
  .object({
    refreshToken: z
      .string()
      .min(1, "Send the refresh token from sign-in.")
      .max(200, "This is not a refresh token.")
      .optional()
      .describe("API clients: the refresh token. Browsers omit it; the refresh cookie is used."),
  })
  .default({});
export const ZRefreshOutput = ZAuthSession;

export const refreshMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/auth/refresh",
    tags: ["auth"],
    summary: "Exchange a refresh token for a new token pair",
    description:
      "Each refresh token works once. Presenting one that was already used signs out every session of that sign-in. Cookie clients must send X-CSRF-Token.",
    // Public: no access token needed (the OpenAPI document must not ask for one).
    protect: false,
  },
};
