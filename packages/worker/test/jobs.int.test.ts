import { enqueueJob } from "@coherence/core";
import { createLogger, createTestDatabase, loadConfig, type TestDatabase, waitUntil } from "@coherence/core/testing";
import type { Runner } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startWorker } from "../src/runner";
import { defineTask } from "../src/tasks/define-task";

let testDb: TestDatabase;
let runner: Runner;
const seen: { payload: unknown; jobId: string; aborted: boolean }[] = [];
const logger = createLogger({ level: "silent" });

beforeAll(async () => {
  testDb = await createTestDatabase();
  runner = await startWorker({
    config: loadConfig({ WORKER_CONCURRENCY: "2" }),
    logger,
    databaseUrl: testDb.url,
    pollInterval: 100,
    taskList: {
      echo: defineTask({
        schema: z.object({ videoId: z.uuid(), note: z.string() }),
        logger,
        handler: async (payload, ctx) => {
          seen.push({ payload, jobId: ctx.jobId, aborted: ctx.signal.aborted });
        },
      }),
    },
  });
});

afterAll(async () => {
  await runner?.stop();
  await testDb?.destroy();
});

describe("jobs through graphile-worker", () => {
  it("a job enqueued inside a committed transaction runs once with its parsed payload", async () => {
    const videoId = "7f1c2a52-61f3-4b9e-9d2a-6d8b0a1f0e11";
    await testDb.db.transaction().execute(async (trx) => {
      await enqueueJob(trx, { task: "echo", payload: { videoId, note: "hello" }, jobKey: videoId });
    });
    const hit = await waitUntil(() => seen.find((s) => (s.payload as { note: string }).note === "hello"), {
      what: "the echo job to run",
    });
    expect(hit.payload).toEqual({ videoId, note: "hello" });
    expect(hit.aborted).toBe(false);
    // graphile-worker deletes the job just after the handler resolves: give it time on a loaded machine.
    let remaining: number | undefined;
    for (const start = Date.now(); Date.now() - start < 15_000; await new Promise((r) => setTimeout(r, 50))) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(testDb.db);
      remaining = rows[0]?.n;
      if (remaining === 0) break;
    }
    expect(remaining).toBe(0);
  });

  it("a job enqueued in a rolled-back transaction never exists", async () => {
    await expect(
      testDb.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, {
          task: "echo",
          payload: { videoId: "0b6f8a4e-4d3e-4c1b-8f1a-2a3b4c5d6e7f", note: "rolled back" },
        });
        throw new Error("abort the transaction");
      }),
    ).rejects.toThrow("abort the transaction");
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(testDb.db);
    expect(rows[0]?.n).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.some((s) => (s.payload as { note: string }).note === "rolled back")).toBe(false);
  });

  it("a jobKey de-duplicates a pending job", async () => {
    const runAt = new Date(Date.now() + 60_000);
    for (const note of ["first", "second"]) {
      await enqueueJob(testDb.db, {
        task: "echo",
        payload: { videoId: "1b6f8a4e-4d3e-4c1b-8f1a-2a3b4c5d6e7f", note },
        jobKey: "same-key",
        runAt,
      });
    }
    try {
      // The second add replaced the first: one row, revised once.
      const { rows } = await sql<{
        revision: number;
      }>`select revision from graphile_worker.jobs where key = 'same-key'`.execute(testDb.db);
      expect(rows).toEqual([{ revision: 1 }]);
    } finally {
      await sql`select graphile_worker.remove_job('same-key')`.execute(testDb.db);
    }
  });

  it("a payload that fails validation is dropped, not retried and not run", async () => {
    await enqueueJob(testDb.db, { task: "echo", payload: { videoId: "not-a-uuid", note: "bad" } });
    const start = Date.now();
    let remaining = 1;
    while (remaining > 0 && Date.now() - start < 10_000) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs`.execute(testDb.db);
      remaining = rows[0]?.n ?? 0;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(remaining).toBe(0);
    expect(seen.some((s) => (s.payload as { note: string }).note === "bad")).toBe(false);
  });
});
