import { createLogger, createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CoachingSynthesisProvider, SpeechTranscriptionProvider, VideoAnalysisProvider } from "../providers/types";
import { chooseProviders } from "./choose-providers";
import type { ProviderSet } from "./create-deps";

const logger = createLogger({ level: "silent" });
let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.destroy());

// Only names matter to the choice; nothing here is run.
const named = <P>(name: string) => ({ name }) as P;
const deepgram = named<SpeechTranscriptionProvider>("deepgram");
const pocketsphinx = named<SpeechTranscriptionProvider>("pocketsphinx");
const human = named<VideoAnalysisProvider>("human");
const ruleBased = named<CoachingSynthesisProvider>("rule-based");
/** A process without a TwelveLabs key: Human is its only vision provider. */
const providers: ProviderSet = {
  speech: deepgram,
  vision: human,
  coaching: ruleBased,
  available: { speech: [deepgram, pocketsphinx], vision: [human], coaching: [ruleBased] },
};

async function newVideo(email: string) {
  const user = await testDb.db.insertInto("users").values({ email }).returning("id").executeTakeFirstOrThrow();
  const video = await testDb.db
    .insertInto("videos")
    .values({ userId: user.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { userId: user.id, videoId: video.id };
}

const armOf = (videoId: string) =>
  testDb.db
    .selectFrom("analysisExperimentArms")
    .select(["arm", "provider"])
    .where("videoId", "=", videoId)
    .orderBy("provider")
    .execute();

describe("chooseProviders under experiments", () => {
  it("records the provider that ran when the arm's provider is not configured here, and keeps it on a retry", async () => {
    await testDb.db
      .insertInto("experiments")
      .values([
        {
          key: "vision-cloud",
          stage: "visuals",
          controlProvider: "human",
          treatmentProvider: "twelvelabs",
          treatmentPercent: 100,
        },
        {
          key: "speech-local",
          stage: "transcribe",
          controlProvider: "deepgram",
          treatmentProvider: "pocketsphinx",
          treatmentPercent: 100,
        },
      ])
      .execute();
    const { userId, videoId } = await newVideo("arm@example.test");
    const chosen = await chooseProviders({ db: testDb.db, userId, videoId, providers, logger });
    expect(chosen.names).toEqual({ speech: "pocketsphinx", vision: "human", coaching: "rule-based" });
    // Vision wanted TwelveLabs (no key here): the row says Human ran. Speech ran as planned.
    expect(await armOf(videoId)).toEqual([
      { arm: "treatment", provider: "human" },
      { arm: "treatment", provider: "pocketsphinx" },
    ]);
    // A retried job reads the corrected row and runs the same providers.
    const again = await chooseProviders({ db: testDb.db, userId, videoId, providers, logger });
    expect(again.names).toEqual(chosen.names);
    expect(await armOf(videoId)).toHaveLength(2);
  });
});
