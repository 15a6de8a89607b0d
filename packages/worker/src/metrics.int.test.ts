import { enqueueJob } from "@coherence/core";
import { createLogger, createTestDatabase, loadConfig, type TestDatabase, waitUntil } from "@coherence/core/testing";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startWorkerMetricsServer, type WorkerMetricsServer } from "./metrics";
import { startWorker } from "./runner";
import { defineTask } from "./tasks/define-task";

let testDb: TestDatabase;
let runner: Runner;
let metrics: WorkerMetricsServer;
const logger = createLogger({ level: "silent" });
let done = 0;

async function scrape(): Promise<string> {
  const res = await fetch(`${metrics.url}/metrics`);
  expect(res.status).toBe(200);
  return await res.text();
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  runner = await startWorker({
    config: loadConfig({ WORKER_CONCURRENCY: "2" }),
    logger,
    databaseUrl: testDb.url,
    pollInterval: 100,
    taskList: {
      metrics_ok: defineTask({
        schema: z.object({ n: z.number() }),
        logger,
        handler: async () => {
          await new Promise((r) => setTimeout(r, 20));
          done++;
        },
      }),
      metrics_boom: defineTask({
        schema: z.object({ n: z.number() }),
        logger,
        handler: async () => {
          done++;
          throw new Error("boom");
        },
      }),
    },
  });
  metrics = await startWorkerMetricsServer({ host: "127.0.0.1", port: 0, connectionString: testDb.url, logger });
});

afterAll(async () => {
  await runner?.stop();
  await metrics?.close();
  await testDb?.destroy();
});

describe("the worker's /metrics", () => {
  it("counts and times jobs by task and outcome", async () => {
    await enqueueJob(testDb.db, { task: "metrics_ok", payload: { n: 1 } });
    await enqueueJob(testDb.db, { task: "metrics_ok", payload: { n: 2 } });
    await enqueueJob(testDb.db, { task: "metrics_boom", payload: { n: 3 }, maxAttempts: 1 });
    await waitUntil(() => done >= 3, { what: "three finished jobs" });
    await waitUntil(
      async () => (await scrape()).includes('coherence_jobs_total{task="metrics_boom",outcome="failed"} 1'),
      {
        what: "the failed-job counter",
      },
    );
    const body = await scrape();
    expect(body).toContain('coherence_jobs_total{task="metrics_ok",outcome="success"} 2');
    expect(body).toMatch(/coherence_job_duration_seconds_count\{task="metrics_ok",outcome="success"\} 2/);
    expect(body).toContain('coherence_jobs_running{task="metrics_ok"} 0');
    expect(body).toMatch(/coherence_unexpected_errors_total\{service="[^"]+"\} [1-9]/);
  });

  it("reports queue depth by state and the age of the oldest ready job", async () => {
    // A job for a task no worker here runs: it waits, ready, and ages.
    await enqueueJob(testDb.db, { task: "nobody_runs_this", payload: {}, runAt: new Date(Date.now() - 90_000) });
    await enqueueJob(testDb.db, { task: "nobody_runs_this", payload: {}, runAt: new Date(Date.now() + 3_600_000) });
    const body = await scrape();
    expect(body).toContain('coherence_queue_jobs{state="ready"} 1');
    expect(body).toContain('coherence_queue_jobs{state="scheduled"} 1');
    expect(body).toContain('coherence_queue_jobs{state="failed"} 1');
    const age = Number(/coherence_queue_oldest_ready_job_age_seconds ([\d.]+)/.exec(body)?.[1]);
    expect(age).toBeGreaterThanOrEqual(89);
    expect(age).toBeLessThan(300);
    expect(body).toContain("coherence_queue_stats_up 1");
  });

  it("exposes the worker's pg pools and answers /healthz", async () => {
    const body = await scrape();
    expect(body).toMatch(/coherence_db_pool_max_connections\{pool="worker"\} 4/);
    expect(body).toMatch(/coherence_db_pool_max_connections\{pool="worker-metrics"\} 1/);
    expect((await fetch(`${metrics.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${metrics.url}/nope`)).status).toBe(404);
  });

  it("keeps the worker running when its metrics port is taken", async () => {
    const port = Number(new URL(metrics.url!).port);
    const second = await startWorkerMetricsServer({ host: "127.0.0.1", port, connectionString: testDb.url, logger });
    expect(second.url).toBeUndefined();
    await second.close();
    // The first listener still answers, and still reads the queue.
    expect(await scrape()).toContain("coherence_queue_stats_up 1");
  });
});
