import { createLogger } from "@coherence/core/testing";
import { describe, expect, it } from "vitest";
import { AIServiceError, kindForStatus, parseRetryAfter, toAIServiceError } from "./errors";
import { backoffDelayMs, pollWithBackoff, withRetries } from "./http-retry";

const logger = createLogger({ level: "silent" });
const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 };
const err = (kind: AIServiceError["kind"], retryAfterMs?: number) =>
  new AIServiceError({ provider: "p", operation: "o", kind, detail: "d", retryAfterMs });

describe("backoff", () => {
  it("is full jitter under an exponential ceiling, capped", () => {
    expect(backoffDelayMs({ attempt: 0, policy, random: () => 1 })).toBe(100);
    expect(backoffDelayMs({ attempt: 2, policy, random: () => 0.5 })).toBe(200);
    expect(backoffDelayMs({ attempt: 10, policy, random: () => 1 })).toBe(1_000);
    expect(backoffDelayMs({ attempt: 0, policy, random: () => 0 })).toBe(0);
  });

  it("waits at least what Retry-After asks", () => {
    expect(backoffDelayMs({ attempt: 0, policy, retryAfterMs: 3_000, random: () => 0.1 })).toBe(3_000);
  });
});

describe("Retry-After and status mapping", () => {
  it("reads seconds and HTTP dates, capped", () => {
    expect(parseRetryAfter("2")).toBe(2_000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(parseRetryAfter("99999")).toBe(60_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it("classifies statuses", () => {
    expect([429, 401, 403, 408, 500, 503, 200, 400, 404].map(kindForStatus)).toEqual([
      "rate_limited",
      "configuration",
      "configuration",
      "timeout",
      "server",
      "server",
      "malformed_response",
      "bad_request",
      "bad_request",
    ]);
  });

  it("maps SDK errors by status, name and type; the user message hides internals", () => {
    const fern = Object.assign(new Error("Status code: 429"), {
      statusCode: 429,
      rawResponse: { headers: new Headers({ "retry-after": "3" }) },
    });
    expect(toAIServiceError({ provider: "deepgram", operation: "t", error: fern })).toMatchObject({
      kind: "rate_limited",
      retryAfterMs: 3_000,
      httpStatus: 429,
      retryable: true,
    });
    const timeout = Object.assign(new Error("Timeout exceeded"), { name: "DeepgramTimeoutError" });
    expect(toAIServiceError({ provider: "deepgram", operation: "t", error: timeout }).kind).toBe("timeout");
    expect(
      toAIServiceError({ provider: "gemini", operation: "g", error: new SyntaxError("Unexpected token") }).kind,
    ).toBe("malformed_response");
    const network = toAIServiceError({
      provider: "gemini",
      operation: "g",
      error: new TypeError("fetch failed at 10.0.0.1"),
    });
    expect(network.kind).toBe("network");
    expect(network.message).not.toContain("10.0.0.1");
    expect(network.detail).toContain("10.0.0.1");
    expect(network.code).toBe("AI_SERVICE_ERROR");
  });
});

describe("withRetries", () => {
  it("retries transient failures and returns the first success", async () => {
    let calls = 0;
    const value = await withRetries({
      operation: "o",
      policy: { ...policy, baseDelayMs: 1 },
      signal: new AbortController().signal,
      logger,
      attempt: async () => {
        calls++;
        if (calls < 3) throw err(calls === 1 ? "rate_limited" : "server");
        return "ok";
      },
    });
    expect(value).toBe("ok");
    expect(calls).toBe(3);
  });

  it("does not retry configuration, bad request or malformed answers, and stops after maxAttempts", async () => {
    for (const kind of ["configuration", "bad_request", "malformed_response", "task_failed"] as const) {
      let calls = 0;
      await expect(
        withRetries({
          operation: "o",
          policy,
          signal: new AbortController().signal,
          logger,
          attempt: async () => {
            calls++;
            throw err(kind);
          },
        }),
      ).rejects.toMatchObject({ kind });
      expect(calls).toBe(1);
    }
    let calls = 0;
    await expect(
      withRetries({
        operation: "o",
        policy: { ...policy, baseDelayMs: 1 },
        signal: new AbortController().signal,
        logger,
        attempt: async () => {
          calls++;
          throw err("server");
        },
      }),
    ).rejects.toMatchObject({ kind: "server" });
    expect(calls).toBe(4);
  });
});

describe("pollWithBackoff", () => {
  it("returns when done, reporting progress on the way", async () => {
    const seen: number[] = [];
    let n = 0;
    const value = await pollWithBackoff({
      provider: "p",
      operation: "poll",
      signal: new AbortController().signal,
      initialDelayMs: 1,
      maxDelayMs: 2,
      overallTimeoutMs: 1_000,
      onProgress: (f) => seen.push(f),
      check: async () => (++n < 3 ? { done: false, progress: n / 3 } : { done: true, value: "ready" }),
    });
    expect(value).toBe("ready");
    expect(seen).toHaveLength(2);
  });

  it("aborts while waiting", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(
      pollWithBackoff({
        provider: "p",
        operation: "poll",
        signal: controller.signal,
        initialDelayMs: 500,
        maxDelayMs: 500,
        overallTimeoutMs: 10_000,
        check: async () => ({ done: false }),
      }),
    ).rejects.toMatchObject({ kind: "aborted" });
  });
});
