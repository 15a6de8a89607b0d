import { adminProcedure } from "../../trpc/procedures";
import { selectCostsByProvider } from "./get-costs.queries";
import { resolvePeriod, ZGetCostsByProviderInput, ZGetCostsByProviderOutput } from "./get-costs.types";

/** Admin: what each cloud provider cost over a period, with call, cache-hit and failure counts. */
export const getCostsByProviderRoute = adminProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/admin/costs/providers",
      tags: ["admin"],
      summary: "Provider cost over a period",
      description: "Sums provider_usage by provider for [from, to) (default: the last 30 days).",
      protect: true,
    },
  })
  .input(ZGetCostsByProviderInput)
  .output(ZGetCostsByProviderOutput)
  .query(async ({ ctx, input }) => {
    const period = resolvePeriod(input);
    const result = await selectCostsByProvider(ctx.deps.db, period);
    return { from: period.from.toISOString(), to: period.to.toISOString(), ...result };
  });
