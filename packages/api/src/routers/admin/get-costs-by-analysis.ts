import { adminProcedure } from "../../trpc/procedures";
import { selectCostsByAnalysis } from "./get-costs.queries";
import { resolvePeriod, ZGetCostsByAnalysisInput, ZGetCostsByAnalysisOutput } from "./get-costs.types";

/** Admin: the most expensive analyses over a period, each with its cost by provider. */
export const getCostsByAnalysisRoute = adminProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/admin/costs/analyses",
      tags: ["admin"],
      summary: "Cost per analysis over a period",
      description: "Sums provider_usage by analysed video for [from, to), most expensive first.",
      protect: true,
    },
  })
  .input(ZGetCostsByAnalysisInput)
  .output(ZGetCostsByAnalysisOutput)
  .query(async ({ ctx, input }) => {
    const period = resolvePeriod(input);
    return {
      from: period.from.toISOString(),
      to: period.to.toISOString(),
      analyses: await selectCostsByAnalysis(ctx.deps.db, { ...period, limit: input.limit }),
    };
  });
