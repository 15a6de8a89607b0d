import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * Every Prometheus metric the product exposes, registered once here so that names,
 * labels and buckets stay consistent between the API, the worker and the alert rules
 * (ops/prometheus/alerts.yml; a test checks each rule names a metric registered here).
 *
 * Labels are always bounded: routes are Express/OpenAPI patterns or tRPC procedure paths,
 * never raw URLs; tasks, stages and providers are code identifiers.
 */
export const metricsRegistry = new Registry();

collectDefaultMetrics({ register: metricsRegistry, prefix: "coherence_" });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];
const JOB_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800];

/** HTTP requests served, by method, route pattern and status code. */
export const httpRequestsTotal = new Counter({
  name: "coherence_http_requests_total",
  help: "HTTP requests served, by method, route pattern and status code.",
  labelNames: ["method", "route", "status_code"] as const,
  registers: [metricsRegistry],
});

/** Latency of HTTP requests, from arrival to the last byte written. */
export const httpRequestDuration = new Histogram({
  name: "coherence_http_request_duration_seconds",
  help: "Latency of HTTP requests, from arrival to the response finishing.",
  labelNames: ["method", "route", "status_code"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** Requests being served right now. */
export const httpRequestsInFlight = new Gauge({
  name: "coherence_http_requests_in_flight",
  help: "HTTP requests currently being served.",
  registers: [metricsRegistry],
});

/** Jobs finished, by task and outcome (success, error = will retry, failed = out of attempts). */
export const jobsTotal = new Counter({
  name: "coherence_jobs_total",
  help: "Jobs finished, by task and outcome (success; error: will be retried; failed: out of attempts).",
  labelNames: ["task", "outcome"] as const,
  registers: [metricsRegistry],
});

/** How long each job ran, by task and outcome. */
export const jobDuration = new Histogram({
  name: "coherence_job_duration_seconds",
  help: "Time a job ran, by task and outcome.",
  labelNames: ["task", "outcome"] as const,
  buckets: JOB_BUCKETS,
  registers: [metricsRegistry],
});

/** Jobs this process is running right now. */
export const jobsRunning = new Gauge({
  name: "coherence_jobs_running",
  help: "Jobs this worker process is running now, by task.",
  labelNames: ["task"] as const,
  registers: [metricsRegistry],
});

/** Duration of each pipeline stage, by stage and outcome. Fed through `observeStage`. */
export const pipelineStageDuration = new Histogram({
  name: "coherence_pipeline_stage_duration_seconds",
  help: "Time a pipeline stage took, by stage and outcome.",
  labelNames: ["stage", "outcome"] as const,
  buckets: JOB_BUCKETS,
  registers: [metricsRegistry],
});

/** Jobs reclaimed from a worker process that died holding them. */
export const jobsReclaimedTotal = new Counter({
  name: "coherence_jobs_reclaimed_total",
  help: "Jobs unlocked because the worker process holding them died.",
  registers: [metricsRegistry],
});

/** Latency of calls to external providers (speech, vision, coaching, storage). */
export const providerRequestDuration = new Histogram({
  name: "coherence_provider_request_duration_seconds",
  help: "Latency of calls to external providers, by provider, operation and outcome.",
  labelNames: ["provider", "operation", "outcome"] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [metricsRegistry],
});

/** Failed provider calls, by provider, operation and error code. */
export const providerErrorsTotal = new Counter({
  name: "coherence_provider_errors_total",
  help: "Failed calls to external providers, by provider, operation and error code.",
  labelNames: ["provider", "operation", "code"] as const,
  registers: [metricsRegistry],
});

/** Money spent on providers, in US dollars. */
export const providerCostUsdTotal = new Counter({
  name: "coherence_provider_cost_usd_total",
  help: "Estimated spend on external providers, in US dollars, by provider.",
  labelNames: ["provider"] as const,
  registers: [metricsRegistry],
});

/** Cache lookups, by cache name and result (hit or miss). */
export const cacheLookupsTotal = new Counter({
  name: "coherence_cache_lookups_total",
  help: "Cache lookups, by cache and result (hit, miss).",
  labelNames: ["cache", "result"] as const,
  registers: [metricsRegistry],
});

/** Errors sent to error tracking (Sentry), by service; counted whether or not a DSN is set. */
export const unexpectedErrorsTotal = new Counter({
  name: "coherence_unexpected_errors_total",
  help: "Unexpected errors (the ones reported to error tracking), by service.",
  labelNames: ["service"] as const,
  registers: [metricsRegistry],
});

/**
 * Accounts whose failed sign-ins, from all clients together, reached the alert ceiling
 * (see auth/login-throttle.ts). No label: an email in a label would leak and be unbounded;
 * the API's log line names the account.
 */
export const loginAccountAlertsTotal = new Counter({
  name: "coherence_login_account_alerts_total",
  help: "Times an account's failed sign-ins from all clients reached the alert ceiling in one window.",
  registers: [metricsRegistry],
});

/** Records a pipeline stage's duration; the pipeline calls this around each stage. */
export function observeStage(opts: { stage: string; seconds: number; outcome?: "success" | "error" }): void {
  pipelineStageDuration.observe({ stage: opts.stage, outcome: opts.outcome ?? "success" }, opts.seconds);
}

/**
 * Times one provider call: records its latency and, when it throws, an error
 * (labelled with the error's `code` when it has one), then rethrows.
 */
export async function timeProviderCall<T>(
  opts: { provider: string; operation: string; costUsd?: (result: T) => number },
  fn: () => Promise<T>,
): Promise<T> {
  const end = providerRequestDuration.startTimer({ provider: opts.provider, operation: opts.operation });
  try {
    const result = await fn();
    end({ outcome: "success" });
    const cost = opts.costUsd?.(result);
    if (cost && cost > 0) providerCostUsdTotal.inc({ provider: opts.provider }, cost);
    return result;
  } catch (err) {
    end({ outcome: "error" });
    const code = (err as { code?: unknown })?.code;
    providerErrorsTotal.inc({
      provider: opts.provider,
      operation: opts.operation,
      code: typeof code === "string" && /^[A-Z_]{1,40}$/.test(code) ? code : "UNKNOWN",
    });
    throw err;
  }
}

/** Counts a cache lookup. */
export function recordCacheLookup(opts: { cache: string; hit: boolean }): void {
  cacheLookupsTotal.inc({ cache: opts.cache, result: opts.hit ? "hit" : "miss" });
}

/** The exposition text and its content type, for a `/metrics` handler. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
