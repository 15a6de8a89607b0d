import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing";
import {
  getMetricBands,
  getThresholds,
  invalidateMetricBandsCache,
  invalidateThresholdsCache,
  setMetricBand,
  setThresholds,
} from "./thresholds";

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

describe("metric bands repository", () => {
  it("reads the seeded bands", async () => {
    const bands = await getMetricBands(testDb.db, { ttlMs: 0 });
    expect(bands.averageWordsPerMinutePace).toEqual({ good: [100, 165], fair: [90, 190] });
    expect(bands.fillerDensity).toEqual({ good: [null, 2], fair: [null, 5] });
  });

  it("changes one range, creates a band for a new metric, and validates", async () => {
    const after = await setMetricBand(testDb.db, { name: "eyeContactShare", band: { good: [75, null] } });
    expect(after.eyeContactShare).toEqual({ good: [75, null], fair: [50, null] });
    const created = await setMetricBand(testDb.db, { name: "gestureRate", band: { good: [2, 8], fair: [1, 12] } });
    expect(created.gestureRate).toEqual({ good: [2, 8], fair: [1, 12] });
    await expect(setMetricBand(testDb.db, { name: "newThing", band: { good: [1, 2] } })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    await expect(setMetricBand(testDb.db, { name: "fillerDensity", band: { good: [5, 1] } })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
    await expect(
      setMetricBand(testDb.db, { name: "drop table", band: { good: [1, 2], fair: [0, 3] } }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });

  it("caches reads for the TTL", async () => {
    let now = 5_000_000;
    invalidateMetricBandsCache(testDb.db);
    await getMetricBands(testDb.db, { ttlMs: 1_000, now: () => now });
    await testDb.db
      .updateTable("metricBands")
      .set({ goodHigh: 170 })
      .where("name", "=", "averageWordsPerMinutePace")
      .execute();
    expect((await getMetricBands(testDb.db, { ttlMs: 1_000, now: () => now })).averageWordsPerMinutePace!.good).toEqual(
      [100, 165],
    );
    now += 1_000;
    expect((await getMetricBands(testDb.db, { ttlMs: 1_000, now: () => now })).averageWordsPerMinutePace!.good).toEqual(
      [100, 170],
    );
  });
});
