import { createExperimentRepository, type Database } from "@coherence/core";
import { type Arm, armFor } from "./assign";

/** The pipeline stages an experiment can swap the provider of. */
export type ExperimentStage = "transcribe" | "visuals" | "coach";

export type ProviderChoice = { experimentId: string; experimentKey: string; arm: Arm; provider: string };

/**
 * Chooses the provider for one stage of a new analysis under the active experiment for
 * that stage (the most recently created, if several). The user's arm is sticky: an
 * existing assignment (from an earlier analysis, or set by an admin) wins; otherwise the
 * hash decides and the assignment is stored. The choice is recorded on the analysis
 * (by video). Safe to call twice for the same video. Returns undefined with no experiment.
 */
export async function chooseProviderForAnalysis(opts: {
  db: Database;
  userId: string;
  videoId: string;
  stage: ExperimentStage;
}): Promise<ProviderChoice | undefined> {
  const experiment = await opts.db
    .selectFrom("experiments")
    .selectAll()
    .where("stage", "=", opts.stage)
    .where("active", "=", true)
    .orderBy("createdAt", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!experiment) return undefined;

  return opts.db.transaction().execute(async (trx) => {
    const recorded = await trx
      .selectFrom("analysisExperimentArms")
      .select(["arm", "provider"])
      .where("videoId", "=", opts.videoId)
      .where("experimentId", "=", experiment.id)
      .executeTakeFirst();
    if (recorded) {
      return {
        experimentId: experiment.id,
        experimentKey: experiment.key,
        arm: recorded.arm as Arm,
        provider: recorded.provider,
      };
    }
    const assignments = createExperimentRepository(trx);
    const arm = await assignments.assignByHash({
      experimentId: experiment.id,
      userId: opts.userId,
      hashArm: armFor({
        experimentKey: experiment.key,
        userId: opts.userId,
        treatmentPercent: experiment.treatmentPercent,
      }),
    });
    const provider = arm === "treatment" ? experiment.treatmentProvider : experiment.controlProvider;
    await assignments.recordArm({ videoId: opts.videoId, experimentId: experiment.id, arm, provider });
    return { experimentId: experiment.id, experimentKey: experiment.key, arm, provider };
  });
}

/**
 * Maps an experiment's chosen provider name to a provider instance. When the chosen
 * provider is not available in this process (its key is not set), the default runs and
 * the mismatch is logged, so a misconfigured experiment degrades instead of failing.
 */
export function pickProvider<P extends { readonly name: string }>(opts: {
  choice: ProviderChoice | undefined;
  available: P[];
  fallback: P;
  logger?: { warn: (obj: object, msg: string) => void };
}): P {
  if (!opts.choice) return opts.fallback;
  const found = opts.available.find((p) => p.name === opts.choice!.provider);
  if (!found) {
    opts.logger?.warn(
      { experiment: opts.choice.experimentKey, wanted: opts.choice.provider, using: opts.fallback.name },
      "experiment provider not available; using the default",
    );
    return opts.fallback;
  }
  return found;
}

/**
 * Corrects an analysis's arm row when the experiment's provider could not run here and
 * `pickProvider` fell back: the row then names the provider that actually ran, so that arm
 * comparisons (latency in the arm's provider, cost) describe what happened, not the plan.
 */
export async function recordProviderRan(opts: {
  db: Database;
  videoId: string;
  choice: ProviderChoice | undefined;
  ran: string;
}): Promise<void> {
  if (!opts.choice || opts.choice.provider === opts.ran) return;
  await createExperimentRepository(opts.db).correctArmProvider({
    videoId: opts.videoId,
    experimentId: opts.choice.experimentId,
    provider: opts.ran,
  });
}
