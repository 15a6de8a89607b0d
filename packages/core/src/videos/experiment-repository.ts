import { sql } from "kysely";
import type { DbOrTransaction } from "./transaction";

export type ExperimentArm = "control" | "treatment";

/** Writes of experiment assignments (a user's sticky arm) and of the arm recorded on an analysis. */
export function createExperimentRepository(db: DbOrTransaction) {
  return {
    /**
     * The user's arm of the experiment: an existing assignment (from an earlier analysis,
     * or set by an admin) wins; otherwise `hashArm` is stored and returned.
     */
    async assignByHash(opts: { experimentId: string; userId: string; hashArm: ExperimentArm }): Promise<ExperimentArm> {
      await db
        .insertInto("experimentAssignments")
        .values({ experimentId: opts.experimentId, userId: opts.userId, arm: opts.hashArm, source: "hash" })
        .onConflict((oc) => oc.columns(["experimentId", "userId"]).doNothing())
        .execute();
      const assignment = await db
        .selectFrom("experimentAssignments")
        .select("arm")
        .where("experimentId", "=", opts.experimentId)
        .where("userId", "=", opts.userId)
        .executeTakeFirstOrThrow();
      return assignment.arm as ExperimentArm;
    },

    /** An admin puts the user in an arm, overriding the hash (applies to the user's next analyses). */
    async assignByAdmin(opts: { experimentId: string; userId: string; arm: ExperimentArm }): Promise<void> {
      await db
        .insertInto("experimentAssignments")
        .values({ experimentId: opts.experimentId, userId: opts.userId, arm: opts.arm, source: "admin" })
        .onConflict((oc) =>
          oc
            .columns(["experimentId", "userId"])
            .doUpdateSet({ arm: opts.arm, source: "admin", assignedAt: sql`now()` }),
        )
        .execute();
    },

    /** Records which arm and provider an analysis (by video) ran under; a second call keeps the first. */
    async recordArm(opts: {
      videoId: string;
      experimentId: string;
      arm: ExperimentArm;
      provider: string;
    }): Promise<void> {
      await db
        .insertInto("analysisExperimentArms")
        .values(opts)
        .onConflict((oc) => oc.columns(["videoId", "experimentId"]).doNothing())
        .execute();
    },

    /** Names the provider that actually ran when the experiment's could not (fallback). */
    async correctArmProvider(opts: { videoId: string; experimentId: string; provider: string }): Promise<void> {
      await db
        .updateTable("analysisExperimentArms")
        .set({ provider: opts.provider })
        .where("videoId", "=", opts.videoId)
        .where("experimentId", "=", opts.experimentId)
        .execute();
    },
  };
}

export type ExperimentRepository = ReturnType<typeof createExperimentRepository>;
