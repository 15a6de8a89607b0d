import { z } from "zod";
import { ZUserProfile } from "../../auth/profile";

export const ZClientMode = z
  .enum(["bearer", "cookie"])
  .default("bearer")
  .describe(
    "bearer: tokens come back in the body (send the access token as `Authorization: Bearer`). cookie: httpOnly cookies are set and the body carries the CSRF token to echo in `X-CSRF-Token` on every state-changing request.",
  );

/** What register, login and refresh answer with. Tokens appear only in bearer mode. */
export const ZAuthSession = z.object({
  user: ZUserProfile,
  mode: z.enum(["bearer", "cookie"]),
  tokenType: z.literal("Bearer").optional(),
  accessToken: z.string().optional(),
  expiresIn: z.number().int().optional().describe("Seconds until the access token expires."),
  accessTokenExpiresAt: z.iso.datetime(),
  refreshToken: z.string().optional().describe("Opaque, single use: each refresh returns a new one."),
  refreshTokenExpiresAt: z.iso.datetime().optional(),
  csrfToken: z.string().optional().describe("Cookie mode: echo in the X-CSRF-Token header."),
});

export const ZEmailInput = z.email("Enter a valid email address.").max(254, "Email must be at most 254 characters.");
