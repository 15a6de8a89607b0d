import { createExperimentRepository } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { adminProcedure } from "../../trpc/procedures";
import { ZSetExperimentAssignmentInput, ZSetExperimentAssignmentOutput } from "./set-experiment-assignment.types";

/** Admin: puts a user in an arm, overriding the hash; applies to the user's next analyses. */
export const setExperimentAssignmentRoute = adminProcedure
  .meta({
    openapi: {
      method: "POST",
      path: "/admin/experiments/assignments",
      tags: ["admin"],
      summary: "Override a user's experiment arm",
      protect: true,
    },
  })
  .input(ZSetExperimentAssignmentInput)
  .output(ZSetExperimentAssignmentOutput)
  .mutation(async ({ ctx, input }) => {
    const db = ctx.deps.db;
    const experiment = await db
      .selectFrom("experiments")
      .select("id")
      .where("key", "=", input.experimentKey)
      .executeTakeFirst();
    if (!experiment) throw new AppError("NOT_FOUND", `No experiment "${input.experimentKey}".`);
    const user = await db.selectFrom("users").select("id").where("id", "=", input.userId).executeTakeFirst();
    if (!user) throw new AppError("NOT_FOUND", "No such user.");
    await createExperimentRepository(db).assignByAdmin({
      experimentId: experiment.id,
      userId: input.userId,
      arm: input.arm,
    });
    ctx.logger.info(
      { experiment: input.experimentKey, target: input.userId, arm: input.arm },
      "experiment arm overridden",
    );
    return { experimentKey: input.experimentKey, userId: input.userId, arm: input.arm, source: "admin" as const };
  });
