import { sql } from "kysely";
import { adminProcedure } from "../../trpc/procedures";
import { ZUpsertExperimentInput, ZUpsertExperimentOutput } from "./upsert-experiment.types";

/**
 * Admin: creates or updates an experiment such as "15% of new analyses use deepgram for
 * speech". Users already assigned keep their arm (assignments are sticky); a changed
 * percentage applies to users not yet assigned.
 */
export const upsertExperimentRoute = adminProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/admin/experiments",
      tags: ["admin"],
      summary: "Create or update a provider experiment",
      protect: true,
    },
  })
  .input(ZUpsertExperimentInput)
  .output(ZUpsertExperimentOutput)
  .mutation(async ({ ctx, input }) => {
    const row = await ctx.deps.db
      .insertInto("experiments")
      .values(input)
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          stage: input.stage,
          controlProvider: input.controlProvider,
          treatmentProvider: input.treatmentProvider,
          treatmentPercent: input.treatmentPercent,
          active: input.active,
          updatedAt: sql`now()`,
        }),
      )
      .returning(["id", "key", "stage", "controlProvider", "treatmentProvider", "treatmentPercent", "active"])
      .executeTakeFirstOrThrow();
    ctx.logger.info({ experiment: row.key, treatmentPercent: row.treatmentPercent }, "experiment saved");
    return ZUpsertExperimentOutput.parse(row);
  });
