import type { Database, Logger } from "@coherence/core";
import { chooseProviderForAnalysis, type ExperimentStage, pickProvider } from "../experiments/experiments";
import type { ProviderSet } from "./create-deps";

type Chosen = Pick<ProviderSet, "speech" | "vision" | "coaching">;

/**
 * The providers one analysis runs with: for each stage, the provider of the user's arm
 * when an experiment is active for it (sticky per user, admin-overridable, recorded on the
 * analysis by `chooseProviderForAnalysis`), the process default otherwise. A chosen
 * provider this process cannot run falls back to the default (logged by `pickProvider`).
 */
export async function chooseProviders(opts: {
  db: Database;
  userId: string;
  videoId: string;
  providers: ProviderSet;
  logger: Logger;
}): Promise<Chosen & { names: Record<keyof Chosen, string> }> {
  const { db, userId, videoId, providers, logger } = opts;
  const choose = (stage: ExperimentStage) => chooseProviderForAnalysis({ db, userId, videoId, stage });
  // One after the other: each is a small transaction, and the pool is shared with other jobs.
  const speechChoice = await choose("transcribe");
  const visionChoice = await choose("visuals");
  const coachChoice = await choose("coach");
  const speech = pickProvider({
    choice: speechChoice,
    available: providers.available?.speech ?? [providers.speech],
    fallback: providers.speech,
    logger,
  });
  const vision = pickProvider({
    choice: visionChoice,
    available: providers.available?.vision ?? [providers.vision],
    fallback: providers.vision,
    logger,
  });
  const coaching = pickProvider({
    choice: coachChoice,
    available: providers.available?.coaching ?? [providers.coaching],
    fallback: providers.coaching,
    logger,
  });
  for (const choice of [speechChoice, visionChoice, coachChoice]) {
    if (choice)
      logger.info({ experiment: choice.experimentKey, arm: choice.arm, provider: choice.provider }, "experiment arm");
  }
  return { speech, vision, coaching, names: { speech: speech.name, vision: vision.name, coaching: coaching.name } };
}
