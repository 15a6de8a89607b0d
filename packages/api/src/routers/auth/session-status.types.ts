import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";
import { ZUserProfile } from "../../auth/profile";

export const ZSessionStatusInput = z.void();
export const ZSessionStatusOutput = z.object({
  signedIn: z.boolean().describe("Whether this request carries a valid access token (bearer or cookie)."),
  user: ZUserProfile.nullable().describe("The signed-in user; null when signed out."),
  canRefresh: z
    .boolean()
    .describe("Signed out, but the browser holds a live refresh cookie: POST /auth/refresh restores the session."),
});

export const sessionStatusMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/auth/session",
    tags: ["auth"],
    summary: "Whether the caller is signed in (always 200)",
    protect: false,
    description:
      "What a web app asks once on load. Unlike GET /auth/me, a signed-out caller gets 200 with signedIn false rather than a 401, so an anonymous visit logs no failed request.",
  },
};
