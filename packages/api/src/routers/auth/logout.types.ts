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
    description:
      "Idempotent; the body is optional. Ends the sign-in of the refresh token in the body (API clients) or the refresh cookie (browsers), and the sign-in the access token was minted for, when one is sent (`Authorization: Bearer`, so a client holding only its access token can sign out). The access token itself stays valid until it expires (at most 15 minutes): discard it. Cookie clients must send X-CSRF-Token; their cookies are cleared.",
    // Public: no access token needed (the OpenAPI document must not ask for one).
    protect: false,
  },
};
