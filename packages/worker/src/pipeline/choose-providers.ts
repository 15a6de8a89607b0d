import type { Database, Logger } from "@coherence/core";
import {
  chooseProviderForAnalysis,
  type ExperimentStage,
  pickProvider,
  recordProviderRan,
} from "../experiments/experiments";
import type { ProviderSet } from "./create-deps";

type Chosen = Pick<ProviderSet, "speech" | "vision" | "coaching">;

/**
 * The providers one analysis runs with: for each stage, the provider of the user's arm
 * when an experiment is active for it (sticky per user, admin-overridable, recorded on the
 * analysis by `chooseProviderForAnalysis`), the process default otherwise. A chosen
 * provider this process cannot run falls back to the default (logged by `pickProvider`),
 * and the arm row is corrected to name the provider that ran.
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
  const ran: [typeof speechChoice, string][] = [
    [speechChoice, speech.name],
    [visionChoice, vision.name],
    [coachChoice, coaching.name],
  ];
  for (const [choice, name] of ran) {
    if (!choice) continue;
    await recordProviderRan({ db, videoId, choice, ran: name });
    logger.info(
      { experiment: choice.experimentKey, arm: choice.arm, wanted: choice.provider, ran: name },
      "experiment arm",
    );
  }
  return { speech, vision, coaching, names: { speech: speech.name, vision: vision.name, coaching: coaching.name } };
}
