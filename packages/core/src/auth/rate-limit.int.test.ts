import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing";
import { consumeRateLimit } from "./rate-limit";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => {
  await testDb?.destroy();
});

describe("consumeRateLimit", () => {
  it("counts every hit and refuses past the budget", async () => {
    const rule = { bucket: "t", subject: "s1", points: 3, windowSeconds: 60 };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await consumeRateLimit(testDb.db, rule));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("relaxes durability for its own statement only: the connection stays synchronous", async () => {
    await testDb.db.connection().execute(async (conn) => {
      // The test cluster runs with synchronous_commit off for speed; production is on.
      await sql`set synchronous_commit = on`.execute(conn);
      await consumeRateLimit(conn, { bucket: "t", subject: "s2", points: 10, windowSeconds: 60 });
      const { rows } = await sql<{ s: string }>`select current_setting('synchronous_commit') as s`.execute(conn);
      expect(rows[0]?.s).toBe("on");
    });
  });
});
