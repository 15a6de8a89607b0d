import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZProvidersInput = z.void();
export const ZProvidersOutput = z.object({
  providers: z
    .array(
      z.object({
        id: z.string().describe("Auth.js provider id: start sign-in with POST /api/auth/oauth/signin/{id}."),
        name: z.string().describe("What to call it on the button, e.g. GitHub."),
      }),
    )
    .describe("Empty when no provider is configured."),
});

export const providersMeta: OpenApiMeta = {
  openapi: {
    method: "GET",
    path: "/auth/providers",
    tags: ["auth"],
    summary: "The OAuth/OIDC providers this deployment signs in with",
    description:
      "What the web app shows as sign-in buttons. Read at run time, so enabling a provider needs no web app rebuild.",
    // Public: no access token needed (the OpenAPI document must not ask for one).
    protect: false,
  },
};
