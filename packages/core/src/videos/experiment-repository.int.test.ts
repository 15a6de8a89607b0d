import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExperimentRepository } from "./experiment-repository";
import { makeUser, registerTestVideo } from "./repositories.testkit";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb?.destroy());

describe("ExperimentRepository", () => {
  it("keeps a user's arm sticky, lets an admin override it, and records an analysis's arm once", async () => {
    const userId = await makeUser(testDb.db);
    const { id: experimentId } = await testDb.db
      .insertInto("experiments")
      .values({
        key: "asr-a",
        stage: "transcribe",
        controlProvider: "whisper",
        treatmentProvider: "deepgram",
        treatmentPercent: 50,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const experiments = createExperimentRepository(testDb.db);
    expect(await experiments.assignByHash({ experimentId, userId, hashArm: "treatment" })).toBe("treatment");
    // The stored arm wins over a later hash.
    expect(await experiments.assignByHash({ experimentId, userId, hashArm: "control" })).toBe("treatment");
    await experiments.assignByAdmin({ experimentId, userId, arm: "control" });
    expect(await experiments.assignByHash({ experimentId, userId, hashArm: "treatment" })).toBe("control");
    const assignment = await testDb.db
      .selectFrom("experimentAssignments")
      .select(["arm", "source"])
      .where("userId", "=", userId)
      .execute();
    expect(assignment).toEqual([{ arm: "control", source: "admin" }]);

    const videoId = await registerTestVideo(testDb.db, { userId });
    await experiments.recordArm({ videoId, experimentId, arm: "control", provider: "whisper" });
    await experiments.recordArm({ videoId, experimentId, arm: "treatment", provider: "deepgram" });
    await experiments.correctArmProvider({ videoId, experimentId, provider: "local-whisper" });
    const arms = await testDb.db
      .selectFrom("analysisExperimentArms")
      .select(["arm", "provider"])
      .where("videoId", "=", videoId)
      .execute();
    expect(arms).toEqual([{ arm: "control", provider: "local-whisper" }]);
  });
});
