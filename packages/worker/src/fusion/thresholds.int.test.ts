import { getMetricBands, getThresholds, getTierBounds, setTierBound } from "@coherence/core";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_METRIC_BANDS } from "./bands";
import { DEFAULT_TIER_BOUNDS } from "./score";
import { DEFAULT_THRESHOLDS } from "./thresholds";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

it("the migration seeds exactly DEFAULT_THRESHOLDS", async () => {
  expect(await getThresholds(testDb.db, { ttlMs: 0 })).toEqual(DEFAULT_THRESHOLDS);
});

it("the migration seeds exactly DEFAULT_METRIC_BANDS", async () => {
  expect(await getMetricBands(testDb.db, { ttlMs: 0 })).toEqual(DEFAULT_METRIC_BANDS);
});

it("the migration seeds exactly DEFAULT_TIER_BOUNDS, and a tier bound is a stored setting kept in order", async () => {
  expect(await getTierBounds(testDb.db, { ttlMs: 0 })).toEqual(DEFAULT_TIER_BOUNDS);
  await expect(setTierBound(testDb.db, { tier: "Proficient", min: 90 })).rejects.toMatchObject({
    code: "VALIDATION_FAILED",
  });
  expect(await setTierBound(testDb.db, { tier: "Compelling", min: 90 })).toEqual({
    ...DEFAULT_TIER_BOUNDS,
    Compelling: 90,
  });
  expect(await getTierBounds(testDb.db)).toMatchObject({ Compelling: 90 });
  await setTierBound(testDb.db, { tier: "Compelling", min: DEFAULT_TIER_BOUNDS.Compelling });
});
