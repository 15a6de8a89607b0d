import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZGetCsrfTokenInput = z.void();
export const ZGetCsrfTokenOutput = z.object({
  csrfToken: z.string().describe("Echo in the X-CSRF-Token header on every state-changing cookie request."),
});

export const getCsrfTokenMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/auth/csrf",
    tags: ["auth"],
    summary: "A CSRF token for the browser session (cookie mode)",
    description:
      "For a web app on another origin of the same site, which cannot read the API's cookies: after a reload it fetches the token here (with credentials). Only allowlisted origins can read the answer (CORS). Needs a valid refresh cookie.",
    // Public: no access token needed (the OpenAPI document must not ask for one).
    protect: false,
  },
};
