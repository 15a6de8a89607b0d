import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing";
import { consumeRateLimit } from "./rate-limit";
import { createBatchedRateLimiter } from "./rate-limit-batch";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

async function storedPoints(key: string): Promise<number | undefined> {
  const row = await testDb.db.selectFrom("rateLimits").select("points").where("key", "=", key).executeTakeFirst();
  return row?.points;
}

describe("createBatchedRateLimiter", () => {
  it("is exact for one instance and writes nothing until it flushes", async () => {
    const limiter = createBatchedRateLimiter({ db: testDb.db, flushMs: 60_000 });
    const rule = { bucket: "b", subject: "one", points: 3, windowSeconds: 60 };
    const allowed = Array.from({ length: 5 }, () => limiter.consume(rule).allowed);
    expect(allowed).toEqual([true, true, true, false, false]);
    expect(await storedPoints("b:one")).toBeUndefined();
    await limiter.stop();
    // Every hit is written, refused ones included, in one statement.
    expect(await storedPoints("b:one")).toBe(5);
  });

  it("sees the hits other instances wrote once it has flushed", async () => {
    const a = createBatchedRateLimiter({ db: testDb.db, flushMs: 60_000 });
    const b = createBatchedRateLimiter({ db: testDb.db, flushMs: 60_000 });
    const rule = { bucket: "b", subject: "two", points: 4, windowSeconds: 60 };
    for (let i = 0; i < 3; i++) expect(a.consume(rule).allowed).toBe(true);
    await a.flush();
    // b learns the shared count from its own flush.
    expect(b.consume(rule).allowed).toBe(true);
    await b.flush();
    expect(await storedPoints("b:two")).toBe(4);
    const refused = b.consume(rule);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    // The exact per-request limiter shares the same counters.
    expect((await consumeRateLimit(testDb.db, { ...rule })).allowed).toBe(false);
    await a.stop();
    await b.stop();
  });

  it("starts a new window when the old one has ended", async () => {
    let t = Date.now();
    const limiter = createBatchedRateLimiter({ db: testDb.db, flushMs: 60_000, now: () => t });
    const rule = { bucket: "b", subject: "three", points: 1, windowSeconds: 1 };
    expect(limiter.consume(rule).allowed).toBe(true);
    expect(limiter.consume(rule).allowed).toBe(false);
    t += 1_500;
    expect(limiter.consume(rule).allowed).toBe(true);
    await limiter.stop();
  });

  it("keeps the hits when a flush fails, and writes them with the next one", async () => {
    const errors: unknown[] = [];
    const broken = await createTestDatabase();
    const limiter = createBatchedRateLimiter({ db: broken.db, flushMs: 60_000, onError: (e) => errors.push(e) });
    const rule = { bucket: "b", subject: "four", points: 10, windowSeconds: 60 };
    limiter.consume(rule);
    limiter.consume(rule);
    await broken.db.schema.alterTable("rate_limits").renameTo("rate_limits_away").execute();
    await limiter.flush();
    expect(errors).toHaveLength(1);
    await broken.db.schema.alterTable("rate_limits_away").renameTo("rate_limits").execute();
    await limiter.stop();
    const row = await broken.db
      .selectFrom("rateLimits")
      .select("points")
      .where("key", "=", "b:four")
      .executeTakeFirst();
    expect(row?.points).toBe(2);
    await broken.destroy();
  });
});
