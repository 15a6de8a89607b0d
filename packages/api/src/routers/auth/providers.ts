import { configuredProviders } from "../../auth/oauth";
import { publicProcedure } from "../../trpc/procedures";
import { providersMeta, ZProvidersInput, ZProvidersOutput } from "./providers.types";

/**
 * The configured OAuth providers, from the same configuration that mounts Auth.js.
 * Auth.js's own GET /api/auth/oauth/providers is not mounted when none is configured
 * (a 404 the web app could not tell from an outage); this always answers, typed.
 */
export const providersRoute = publicProcedure
  .meta(providersMeta)
  .input(ZProvidersInput)
  .output(ZProvidersOutput)
  .query(({ ctx }) => ({
    providers: configuredProviders(ctx.deps).map((p) => {
      const provider = typeof p === "function" ? p() : p;
      return { id: provider.id, name: provider.name };
    }),
  }));
