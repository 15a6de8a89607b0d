import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseProviderForAnalysis } from "./experiments";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.destroy());

async function userWithVideo(i: number) {
  const user = await testDb.db
    .insertInto("users")
    .values({ email: `u${i}@example.com` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const video = await testDb.db
    .insertInto("videos")
    .values({ userId: user.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { userId: user.id, videoId: video.id };
}

describe("provider experiments in the database", () => {
  it("without an active experiment there is no choice to make", async () => {
    const { userId, videoId } = await userWithVideo(0);
    expect(await chooseProviderForAnalysis({ db: testDb.db, userId, videoId, stage: "transcribe" })).toBeUndefined();
  });

  it("splits 1000 simulated users within ±3 points, sticky per user, recorded per analysis, overridable by an admin", async () => {
    const experiment = await testDb.db
      .insertInto("experiments")
      .values({
        key: "speech-deepgram",
        stage: "transcribe",
        controlProvider: "whisper",
        treatmentProvider: "deepgram",
        treatmentPercent: 15,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const users = await testDb.db
      .insertInto("users")
      .values(Array.from({ length: 1000 }, (_, i) => ({ email: `sim${i}@example.com` })))
      .returning("id")
      .execute();
    const videos = await testDb.db
      .insertInto("videos")
      .values(users.map((u) => ({ userId: u.id })))
      .returning(["id", "userId"])
      .execute();
    let treated = 0;
    // Five at a time (the test pool's size), as concurrent workers would.
    for (let i = 0; i < videos.length; i += 5) {
      const choices = await Promise.all(
        videos
          .slice(i, i + 5)
          .map((v) =>
            chooseProviderForAnalysis({ db: testDb.db, userId: v.userId, videoId: v.id, stage: "transcribe" }),
          ),
      );
      for (const choice of choices) {
        if (choice?.arm === "treatment") {
          treated++;
          expect(choice.provider).toBe("deepgram");
        } else expect(choice?.provider).toBe("whisper");
      }
    }
    expect(Math.abs(treated / 10 - 15)).toBeLessThanOrEqual(3);
    const recorded = await testDb.db
      .selectFrom("analysisExperimentArms")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("experimentId", "=", experiment.id)
      .executeTakeFirstOrThrow();
    expect(Number(recorded.n)).toBe(1000);

    // Sticky: a second analysis by the same user gets the same arm, even after the target changes.
    const first = videos[0]!;
    const before = await chooseProviderForAnalysis({
      db: testDb.db,
      userId: first.userId,
      videoId: first.id,
      stage: "transcribe",
    });
    await testDb.db
      .updateTable("experiments")
      .set({ treatmentPercent: before?.arm === "treatment" ? 0 : 100 })
      .execute();
    const another = await testDb.db
      .insertInto("videos")
      .values({ userId: first.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    const again = await chooseProviderForAnalysis({
      db: testDb.db,
      userId: first.userId,
      videoId: another.id,
      stage: "transcribe",
    });
    expect(again?.arm).toBe(before?.arm);

    // An admin override wins for the user's next analysis.
    const flipped = before?.arm === "treatment" ? "control" : "treatment";
    await testDb.db
      .updateTable("experimentAssignments")
      .set({ arm: flipped, source: "admin" })
      .where("userId", "=", first.userId)
      .execute();
    const third = await testDb.db
      .insertInto("videos")
      .values({ userId: first.userId })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(
      (await chooseProviderForAnalysis({ db: testDb.db, userId: first.userId, videoId: third.id, stage: "transcribe" }))
        ?.arm,
    ).toBe(flipped);
    // …while the analysis already recorded keeps the arm it ran under.
    expect(
      (await chooseProviderForAnalysis({ db: testDb.db, userId: first.userId, videoId: first.id, stage: "transcribe" }))
        ?.arm,
    ).toBe(before?.arm);
  });
});
