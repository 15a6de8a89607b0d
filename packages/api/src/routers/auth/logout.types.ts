import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZLogoutInput = z
  .object({
    refreshToken: z
      .string()
      .min(1)
      .max(200, "This is not a refresh token.")
      .optional()
      .describe("API clients: the current refresh token. Browsers omit it; the refresh cookie is used."),
  })
  .default({});
export const ZLogoutOutput = z.object({ signedOut: z.literal(true) });

export const logoutMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/auth/logout",
    tags: ["auth"],
    summary: "Sign out: revokes every refresh token of this sign-in",
    description: "Idempotent. Cookie clients must send X-CSRF-Token; their cookies are cleared.",
  },
};
