import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueOffPeakJob, LOW_PRIORITY, LOW_PRIORITY_QUEUE } from "./off-peak";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.destroy());

describe("enqueueOffPeakJob", () => {
  it("puts the job on the low-priority queue with run_at at the next off-peak start, in the caller's transaction", async () => {
    const { id, runAt } = await testDb.db.transaction().execute((trx) =>
      enqueueOffPeakJob(trx, {
        task: "import-practice-library",
        payload: { libraryId: "lib-1" },
        jobKey: "import:lib-1",
        offPeak: { window: "01:00-06:00", timeZone: "UTC" },
        now: new Date("2030-01-01T12:00:00Z"),
      }),
    );
    expect(runAt).toEqual(new Date("2030-01-02T01:00:00Z"));
    const { rows } = await sql<{ queueName: string; priority: number; runAt: Date; key: string }>`
      select queue_name, priority, run_at, key from graphile_worker.jobs where id = ${id}::bigint`.execute(testDb.db);
    expect(rows[0]).toMatchObject({ queueName: LOW_PRIORITY_QUEUE, priority: LOW_PRIORITY, key: "import:lib-1" });
    expect(new Date(rows[0]!.runAt)).toEqual(runAt);
  });
});
