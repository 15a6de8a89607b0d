import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./cli";

let testDb: TestDatabase;
const saved = process.env.DATABASE_URL;
beforeAll(async () => {
  testDb = await createTestDatabase();
  process.env.DATABASE_URL = testDb.url;
});
afterAll(async () => {
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  await testDb?.destroy();
});

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await runCli(args, (s) => {
    out += s;
  });
  return { code, out };
}

describe("coherence thresholds", () => {
  it("get prints the stored thresholds, also as JSON", async () => {
    const table = await cli(["thresholds"]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/EMOTIONAL_MISMATCH\s+0\.65/);
    const json = await cli(["thresholds", "get", "--json"]);
    // Migration 0009 judges pace per sentence: the stored merge gap is 0 s (it was 4 s).
    expect(JSON.parse(json.out).PACE_MISMATCH.mergeGapSeconds).toBe(0);
  });

  it("set changes one field in the database", async () => {
    const res = await cli(["thresholds", "set", "MONOTONE_EMPHASIS", "min_severity", "0.45"]);
    expect(res.code).toBe(0);
    expect(res.out).toContain("Set MONOTONE_EMPHASIS.minSeverity = 0.45");
    const row = await testDb.db
      .selectFrom("dissonanceThresholds")
      .select("minSeverity")
      .where("type", "=", "MONOTONE_EMPHASIS")
      .executeTakeFirstOrThrow();
    expect(row.minSeverity).toBe(0.45);
  });

  it("refuses an out-of-range value with exit code 1 and bad usage with 2", async () => {
    const range = await cli(["thresholds", "set", "MONOTONE_EMPHASIS", "minConfidence", "7"]);
    expect(range.code).toBe(1);
    expect(range.out).toMatch(/out of range/);
    const usage = await cli(["thresholds", "set", "MONOTONE_EMPHASIS"]);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain("Usage:");
  });

  it("bands shows and set-band changes the delivery-metric bands", async () => {
    expect((await cli(["thresholds", "bands"])).out).toMatch(/averageWordsPerMinutePace\s+100–165\s+90–190/);
    const res = await cli(["thresholds", "set-band", "fillerDensity", "good", "-", "3", "--json"]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out.slice(res.out.indexOf("{"))).fillerDensity).toEqual({ good: [null, 3], fair: [null, 5] });
    const bad = await cli(["thresholds", "set-band", "fillerDensity", "good", "5", "1"]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/low bound/);
  });
});
