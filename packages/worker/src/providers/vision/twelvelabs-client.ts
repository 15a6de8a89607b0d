import type { Logger } from "@coherence/core";
import { TwelvelabsApiClient } from "twelvelabs-js";
import type { CloudCallOptions } from "../cloud-options";
import { AIServiceError, ProviderConfigError } from "../errors";
import { withRetries, withTimeout } from "../http-retry";
import type { TwelveLabsStore } from "./twelvelabs-store";

export const PROVIDER = "twelvelabs";

export type TwelveLabsSettings = {
  indexName: string;
  /** Overall limit for upload processing and indexing. */
  indexingTimeoutMs: number;
  /** First poll delay; grows to pollMaxDelayMs. */
  pollInitialDelayMs: number;
  pollMaxDelayMs: number;
  analyzeMaxTokens: number;
};

/** One analysis's cancellation and logger, which every call carries. */
export type CallContext = { signal: AbortSignal; logger: Logger };

type RequestOptions = { abortSignal: AbortSignal; maxRetries: 0; timeoutInSeconds: number };

/** Runs one SDK request with the project's retries, timeout and response check. */
export type TwelveLabsCall = <T>(
  operation: string,
  ctx: CallContext,
  run: (requestOptions: RequestOptions) => Promise<T>,
) => Promise<T>;

/** Everything the provider's steps share: the SDK client, the call wrapper, storage and settings. */
export type TwelveLabsConnection = {
  client: TwelvelabsApiClient;
  call: TwelveLabsCall;
  /** The API base URL (or "default"): stored index ids and memos are per endpoint. */
  endpoint: string;
  store: TwelveLabsStore;
  settings: TwelveLabsSettings;
};

/** A malformed-response error for `operation`. */
export function malformed(operation: string, detail: string): AIServiceError {
  return new AIServiceError({ provider: PROVIDER, operation, kind: "malformed_response", detail });
}

// twelvelabs-js (1.3.1, and 1.3.4 alike) hands a 2xx body that is not JSON to its (all-optional,
// passthrough) response parser as `{ ok: false, error: { reason: "non-json" } }`
// instead of throwing; without this check a garbled search answer would read as "no matches".
function rejectNonJson<T>(operation: string, value: T): T {
  const v = value as { ok?: unknown; error?: { reason?: unknown } } | undefined;
  if (v && typeof v === "object" && v.ok === false && typeof v.error?.reason === "string") {
    throw malformed(operation, `${operation}: response body is not JSON (${v.error.reason})`);
  }
  return value;
}

/** The id a create call answered, or a malformed-response error when it has none. */
export function requireId(value: string | undefined, operation: string): string {
  if (!value) throw malformed(operation, `${operation}: no id in response`);
  return value;
}

/** Wraps SDK requests: retries per policy, an overall timeout per attempt, the SDK's own retries off. */
function createCall(options: CloudCallOptions): TwelveLabsCall {
  return (operation, ctx, run) =>
    withRetries({
      operation,
      policy: options.retry,
      signal: ctx.signal,
      logger: ctx.logger,
      attempt: () =>
        withTimeout({
          provider: PROVIDER,
          operation,
          timeoutMs: options.timeoutMs,
          signal: ctx.signal,
          run: async (signal) =>
            rejectNonJson(
              operation,
              await run({
                abortSignal: signal,
                maxRetries: 0,
                timeoutInSeconds: Math.ceil(options.timeoutMs / 1000) + 5,
              }),
            ),
        }),
    });
}

/** Checks the key and builds the client and call wrapper; throws ProviderConfigError without a key. */
export function connectTwelveLabs(opts: {
  apiKey: string | undefined;
  call: CloudCallOptions;
  settings: TwelveLabsSettings;
  store: TwelveLabsStore;
}): TwelveLabsConnection {
  if (!opts.apiKey?.trim())
    throw new ProviderConfigError("TWELVELABS_API_KEY", "is required to use TwelveLabs for video");
  const client = new TwelvelabsApiClient({
    apiKey: opts.apiKey.trim(),
    ...(opts.call.baseUrl ? { baseUrl: opts.call.baseUrl } : {}),
  });
  return {
    client,
    call: createCall(opts.call),
    endpoint: opts.call.baseUrl ?? "default",
    store: opts.store,
    settings: opts.settings,
  };
}
