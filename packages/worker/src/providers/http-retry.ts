import type { Logger } from "@coherence/core";
import { AIServiceError, toAIServiceError } from "./errors";

export type RetryPolicy = {
  /** Attempts in total, including the first. */
  maxAttempts: number;
  /** First backoff; doubles each attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 };

/**
 * Full-jitter exponential backoff: a random delay in [0, min(max, base·2^attempt)].
 * A Retry-After from the provider wins when it is longer.
 */
export function backoffDelayMs(opts: {
  attempt: number;
  policy: RetryPolicy;
  retryAfterMs?: number;
  random?: () => number;
}): number {
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(opts.policy.maxDelayMs, opts.policy.baseDelayMs * 2 ** opts.attempt);
  const jittered = Math.round(random() * ceiling);
  return Math.max(jittered, opts.retryAfterMs ?? 0);
}

/** Resolves after `ms`, or rejects as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Only transient failures are retried in-process: rate limits, 5xx, timeouts, network errors. */
function retriesInProcess(error: AIServiceError): boolean {
  return ["rate_limited", "server", "timeout", "network"].includes(error.kind);
}

/**
 * Runs one provider call with retries. `attempt` must build a fresh request each time
 * (streams cannot be replayed) and throw AIServiceError (use the provider's error mapper).
 * Aborting the signal stops waiting at once.
 */
export async function withRetries<T>(opts: {
  operation: string;
  policy?: RetryPolicy;
  signal: AbortSignal;
  logger: Logger;
  attempt: (attemptNumber: number) => Promise<T>;
  random?: () => number;
}): Promise<T> {
  const policy = opts.policy ?? DEFAULT_RETRY_POLICY;
  for (let attempt = 0; ; attempt++) {
    try {
      return await opts.attempt(attempt);
    } catch (err) {
      if (!(err instanceof AIServiceError) || !retriesInProcess(err) || attempt + 1 >= policy.maxAttempts) throw err;
      if (opts.signal.aborted) throw err;
      const delay = backoffDelayMs({ attempt, policy, retryAfterMs: err.retryAfterMs, random: opts.random });
      opts.logger.warn(
        { operation: opts.operation, provider: err.provider, kind: err.kind, status: err.httpStatus, attempt, delay },
        "provider call failed; retrying",
      );
      await sleep(delay, opts.signal);
    }
  }
}

/**
 * Runs one attempt with its own deadline, tied to the caller's signal. Tells apart the
 * caller cancelling (kind "aborted", not retried) from the attempt timing out (kind
 * "timeout", retried), whatever error the SDK threw on abort.
 */
export async function withTimeout<T>(opts: {
  provider: string;
  operation: string;
  timeoutMs: number;
  signal: AbortSignal;
  run: (signal: AbortSignal) => Promise<T>;
  /** Maps an SDK error to an AIServiceError (defaults to toAIServiceError). */
  mapError?: (error: unknown) => AIServiceError;
}): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new Error(`${opts.operation} timed out after ${opts.timeoutMs} ms`)),
    opts.timeoutMs,
  );
  const combined = AbortSignal.any([opts.signal, deadline.signal]);
  try {
    return await opts.run(combined);
  } catch (error) {
    const base = { provider: opts.provider, operation: opts.operation, cause: error };
    if (opts.signal.aborted) {
      throw new AIServiceError({ ...base, kind: "aborted", detail: `${opts.operation}: aborted by caller` });
    }
    if (deadline.signal.aborted) {
      throw new AIServiceError({
        ...base,
        kind: "timeout",
        detail: `${opts.operation}: no answer in ${opts.timeoutMs} ms`,
      });
    }
    throw (
      opts.mapError ?? ((e) => toAIServiceError({ provider: opts.provider, operation: opts.operation, error: e }))
    )(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `check` with growing, jittered delays until it reports done, or fails with a
 * timeout AIServiceError once `overallTimeoutMs` has passed. `check` throws to fail.
 */
export async function pollWithBackoff<T>(opts: {
  provider: string;
  operation: string;
  signal: AbortSignal;
  initialDelayMs: number;
  maxDelayMs: number;
  overallTimeoutMs: number;
  check: () => Promise<{ done: true; value: T } | { done: false; progress?: number }>;
  onProgress?: (fraction: number) => void;
  random?: () => number;
}): Promise<T> {
  const started = Date.now();
  let delay = opts.initialDelayMs;
  for (;;) {
    const result = await opts.check();
    if (result.done) return result.value;
    if (result.progress !== undefined) opts.onProgress?.(result.progress);
    if (Date.now() - started + delay > opts.overallTimeoutMs) {
      throw new AIServiceError({
        provider: opts.provider,
        operation: opts.operation,
        kind: "timeout",
        detail: `${opts.operation}: not finished after ${opts.overallTimeoutMs} ms`,
      });
    }
    const random = opts.random ?? Math.random;
    try {
      await sleep(Math.round(delay * (0.75 + random() * 0.5)), opts.signal);
    } catch (error) {
      throw new AIServiceError({
        provider: opts.provider,
        operation: opts.operation,
        kind: "aborted",
        detail: `${opts.operation}: aborted while polling`,
        cause: error,
      });
    }
    delay = Math.min(opts.maxDelayMs, delay * 1.6);
  }
}
