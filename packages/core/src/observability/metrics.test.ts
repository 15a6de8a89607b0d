import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { registerPoolMetrics } from "./db-pool";
import { metricsRegistry, observeStage, recordCacheLookup, renderMetrics, timeProviderCall } from "./metrics";
import { setQueueStatsSource } from "./queue";

async function value(name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const base = name.replace(/_(count|sum|bucket)$/, "");
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((m) => m.name === name || m.name === base);
  const hit = metric?.values.find(
    (v) =>
      (metric.name === name || (v as { metricName?: string }).metricName === name) &&
      Object.entries(labels).every(([k, want]) => String((v.labels as Record<string, unknown>)[k]) === want),
  );
  return hit?.value;
}

afterEach(() => setQueueStatsSource(undefined));

describe("metrics", () => {
  it("times provider calls, counts their errors by code and adds their cost", async () => {
    const ok = await timeProviderCall(
      { provider: "fake-speech", operation: "transcribe", costUsd: () => 0.25 },
      async () => 42,
    );
    expect(ok).toBe(42);
    await expect(
      timeProviderCall({ provider: "fake-speech", operation: "transcribe" }, async () => {
        throw Object.assign(new Error("quota"), { code: "RATE_LIMITED" });
      }),
    ).rejects.toThrow("quota");
    await expect(
      timeProviderCall({ provider: "fake-speech", operation: "transcribe" }, async () => {
        throw Object.assign(new Error("odd"), { code: "lower case / with spaces" });
      }),
    ).rejects.toThrow("odd");
    expect(await value("coherence_provider_cost_usd_total", { provider: "fake-speech" })).toBe(0.25);
    expect(await value("coherence_provider_errors_total", { provider: "fake-speech", code: "RATE_LIMITED" })).toBe(1);
    // Arbitrary error codes collapse into one label value rather than growing the series.
    expect(await value("coherence_provider_errors_total", { provider: "fake-speech", code: "UNKNOWN" })).toBe(1);
    expect(
      await value("coherence_provider_request_duration_seconds_count", { provider: "fake-speech", outcome: "error" }),
    ).toBe(2);
  });

  it("counts cache hits and misses and records stage durations", async () => {
    recordCacheLookup({ cache: "stage", hit: true });
    recordCacheLookup({ cache: "stage", hit: true });
    recordCacheLookup({ cache: "stage", hit: false });
    observeStage({ stage: "transcribe", seconds: 3.5 });
    expect(await value("coherence_cache_lookups_total", { cache: "stage", result: "hit" })).toBe(2);
    expect(await value("coherence_cache_lookups_total", { cache: "stage", result: "miss" })).toBe(1);
    expect(await value("coherence_pipeline_stage_duration_seconds_sum", { stage: "transcribe" })).toBe(3.5);
  });

  it("reads queue statistics once per scrape and reports when they are unavailable", async () => {
    let reads = 0;
    setQueueStatsSource(async () => {
      reads++;
      return { ready: 3, locked: 1, scheduled: 2, failed: 4, oldestReadyAgeSeconds: 12.5 };
    });
    const { body } = await renderMetrics();
    expect(reads).toBe(1);
    expect(body).toContain('coherence_queue_jobs{state="ready"} 3');
    expect(body).toContain('coherence_queue_jobs{state="failed"} 4');
    expect(body).toContain("coherence_queue_oldest_ready_job_age_seconds 12.5");
    expect(body).toContain("coherence_queue_stats_up 1");
    setQueueStatsSource(async () => {
      throw new Error("database down");
    });
    const after = await renderMetrics();
    expect(after.body).toContain("coherence_queue_stats_up 0");
  });

  it("exposes a registered pg pool's size and stops when unregistered", async () => {
    const pool = new pg.Pool({ max: 7, connectionString: "postgres://nobody@127.0.0.1:1/none" });
    const unregister = registerPoolMetrics(pool, "unit");
    expect(await value("coherence_db_pool_max_connections", { pool: "unit" })).toBe(7);
    expect(await value("coherence_db_pool_waiting_clients", { pool: "unit" })).toBe(0);
    unregister();
    expect(await value("coherence_db_pool_max_connections", { pool: "unit" })).toBeUndefined();
    await pool.end();
  });

  it("renders the Prometheus text format with process metrics", async () => {
    const { contentType, body } = await renderMetrics();
    expect(contentType).toContain("text/plain");
    expect(body).toContain("# TYPE coherence_http_request_duration_seconds histogram");
    expect(body).toContain("coherence_process_cpu_seconds_total");
  });
});
