import { getMetricBands, getThresholds } from "@coherence/core";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEFAULT_METRIC_BANDS } from "./bands";
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
