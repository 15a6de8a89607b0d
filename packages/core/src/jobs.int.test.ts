import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJob, enqueueJobs } from "./jobs";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(async () => testDb.destroy());

type Row = { key: string; queueName: string | null; priority: number; runAt: Date; payload: unknown };
// The public jobs view hides payloads: read the private tables.
const jobsByKey = async (prefix: string) =>
  (
    await sql<Row>`select j.key, q.queue_name, j.priority, j.run_at, j.payload
      from graphile_worker._private_jobs j left join graphile_worker._private_job_queues q on q.id = j.job_queue_id
      where j.key like ${`${prefix}%`} order by j.key`.execute(testDb.db)
  ).rows;

describe("enqueueJobs", () => {
  it("adds every job in one statement, with its queue, priority, run_at and payload", async () => {
    const runAt = new Date("2030-01-02T01:00:00Z");
    const out = await enqueueJobs(testDb.db, [
      { task: "t", payload: { n: 1 }, jobKey: "batch:1", queueName: "q", priority: 7, runAt },
      { task: "t", payload: { n: 2 }, jobKey: "batch:2" },
    ]);
    expect(out).toEqual({ count: 2 });
    const rows = await jobsByKey("batch:");
    expect(rows).toMatchObject([
      { key: "batch:1", queueName: "q", priority: 7, payload: { n: 1 } },
      { key: "batch:2", queueName: null, priority: 0, payload: { n: 2 } },
    ]);
    expect(new Date(rows[0]!.runAt)).toEqual(runAt);
  });

  it("replaces a pending job with the same key, like enqueueJob", async () => {
    await enqueueJob(testDb.db, { task: "t", payload: { v: "old" }, jobKey: "same:1", queueName: "q" });
    await enqueueJobs(testDb.db, [{ task: "t", payload: { v: "new" }, jobKey: "same:1" }]);
    expect(await jobsByKey("same:")).toMatchObject([{ key: "same:1", queueName: null, payload: { v: "new" } }]);
  });

  it("rolls back with the caller's transaction, and does nothing for an empty list", async () => {
    await expect(
      testDb.db.transaction().execute(async (trx) => {
        await enqueueJobs(trx, [{ task: "t", payload: {}, jobKey: "gone:1" }]);
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await jobsByKey("gone:")).toEqual([]);
    expect(await enqueueJobs(testDb.db, [])).toEqual({ count: 0 });
  });
});
