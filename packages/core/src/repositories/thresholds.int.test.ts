import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing";
import { getThresholds, invalidateThresholdsCache, setThresholds } from "./thresholds";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("thresholds repository", () => {
  it("reads the seeded row of every type", async () => {
    const t = await getThresholds(testDb.db, { ttlMs: 0 });
    expect(Object.keys(t)).toHaveLength(7);
    expect(t.EMOTIONAL_MISMATCH).toMatchObject({ minConfidence: 0.65, minSeverity: 0.4, spikeConfidence: 0.85 });
  });

  it("caches reads for the TTL, then sees changes made behind its back", async () => {
    let now = 1_000_000;
    const clock = () => now;
    invalidateThresholdsCache(testDb.db);
    const first = await getThresholds(testDb.db, { ttlMs: 5_000, now: clock });
    // Another process (the CLI, another API instance) changes the row directly.
    await testDb.db
      .updateTable("dissonanceThresholds")
      .set({ weight: 2 })
      .where("type", "=", "PACE_MISMATCH")
      .execute();
    now += 4_000;
    expect((await getThresholds(testDb.db, { ttlMs: 5_000, now: clock })).PACE_MISMATCH.weight).toBe(
      first.PACE_MISMATCH.weight,
    );
    now += 2_000;
    expect((await getThresholds(testDb.db, { ttlMs: 5_000, now: clock })).PACE_MISMATCH.weight).toBe(2);
  });

  it("sets fields, keeps the others, invalidates the cache and validates the result", async () => {
    await getThresholds(testDb.db, { ttlMs: 60_000 });
    const after = await setThresholds(testDb.db, { type: "GAZE_AVOIDANCE", values: { mergeGapSeconds: 3.5 } });
    expect(after.GAZE_AVOIDANCE).toMatchObject({ mergeGapSeconds: 3.5, minConfidence: 0.5 });
    expect((await getThresholds(testDb.db)).GAZE_AVOIDANCE.mergeGapSeconds).toBe(3.5);
    await expect(
      setThresholds(testDb.db, { type: "GAZE_AVOIDANCE", values: { minSeverity: -1 } }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("says how to recover when a type's row is missing", async () => {
    await testDb.db.deleteFrom("dissonanceThresholds").where("type", "=", "DEICTIC_MISMATCH").execute();
    await expect(getThresholds(testDb.db, { ttlMs: 0 })).rejects.toThrow(/DEICTIC_MISMATCH.*migrations/);
  });
});
