import { AppError } from "@coherence/shared";

/** What went wrong with a cloud AI call, coarse enough to decide on a retry. */
export type AIServiceErrorKind =
  | "rate_limited"
  | "server"
  | "timeout"
  | "network"
  | "malformed_response"
  | "configuration"
  | "bad_request"
  | "task_failed"
  | "aborted";

const RETRYABLE: Record<AIServiceErrorKind, boolean> = {
  rate_limited: true,
  server: true,
  timeout: true,
  network: true,
  malformed_response: true,
  configuration: false,
  bad_request: false,
  task_failed: false,
  aborted: false,
};

const USER_MESSAGES: Record<AIServiceErrorKind, string> = {
  rate_limited: "is busy right now; the analysis will be retried shortly.",
  server: "had a temporary failure; the analysis will be retried shortly.",
  timeout: "took too long to answer; the analysis will be retried shortly.",
  network: "could not be reached; the analysis will be retried shortly.",
  malformed_response: "returned an unreadable answer; the analysis will be retried shortly.",
  configuration: "is not configured correctly; an administrator must check its API key and settings.",
  bad_request: "could not process this video; try re-exporting it (H.264 MP4) and upload it again.",
  task_failed: "could not process this video; try re-exporting it (H.264 MP4) and upload it again.",
  aborted: "call was cancelled.",
};

/**
 * A failed call to a cloud AI provider (Deepgram, TwelveLabs, Gemini). An AppError with
 * code AI_SERVICE_ERROR, so the API and the job runner report it like any other domain
 * error; `retryable` tells the job runner whether running the step again may help.
 * The message is safe to show to users; provider details go in `detail` and `cause`.
 */
export class AIServiceError extends AppError {
  readonly provider: string;
  readonly operation: string;
  readonly kind: AIServiceErrorKind;
  /** HTTP status from the provider, when there was one. */
  readonly httpStatus?: number;
  /** Milliseconds the provider asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs?: number;
  /** Internal diagnostic text for logs; never shown to users. */
  readonly detail: string;

  constructor(opts: {
    provider: string;
    operation: string;
    kind: AIServiceErrorKind;
    detail: string;
    httpStatus?: number;
    retryAfterMs?: number;
    cause?: unknown;
    retryable?: boolean;
  }) {
    super("AI_SERVICE_ERROR", `The ${opts.provider} service ${USER_MESSAGES[opts.kind]}`, {
      cause: opts.cause,
      retryable: opts.retryable ?? RETRYABLE[opts.kind],
    });
    this.name = "AIServiceError";
    this.provider = opts.provider;
    this.operation = opts.operation;
    this.kind = opts.kind;
    this.httpStatus = opts.httpStatus;
    this.retryAfterMs = opts.retryAfterMs;
    this.detail = opts.detail;
  }
}

/** A cloud provider was selected but its key or settings are missing or invalid. */
export class ProviderConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message} (every variable is documented in .env.example).`);
    this.name = "ProviderConfigError";
  }
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds, capped. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
  capMs = 60_000,
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(capMs, Math.round(Number(trimmed) * 1000));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(capMs, Math.max(0, date - now));
}

/**
 * Classifies a provider HTTP status. 401/403 mean the key is wrong: a configuration
 * problem, not the user's video.
 */
export function kindForStatus(status: number): AIServiceErrorKind {
  if (status === 429) return "rate_limited";
  if (status === 401 || status === 403) return "configuration";
  if (status === 408) return "timeout";
  if (status >= 500) return "server";
  if (status >= 200 && status < 300) return "malformed_response";
  return "bad_request";
}

type HeadersLike = { get(name: string): string | null };

function headersOf(error: object): HeadersLike | undefined {
  const raw = (error as { rawResponse?: { headers?: unknown } }).rawResponse;
  const headers = raw?.headers ?? (error as { headers?: unknown }).headers;
  return headers && typeof (headers as HeadersLike).get === "function" ? (headers as HeadersLike) : undefined;
}

/**
 * Maps whatever an SDK threw (Fern-generated errors from Deepgram and TwelveLabs carry
 * `statusCode` and `rawResponse.headers`; @google/genai's ApiError carries `status`;
 * fetch throws TypeError; JSON parsers throw SyntaxError) to an AIServiceError.
 */
export function toAIServiceError(opts: {
  provider: string;
  operation: string;
  error: unknown;
  /** Retry-After observed on the wire, for SDKs whose errors do not expose headers. */
  retryAfterMs?: number;
}): AIServiceError {
  const { provider, operation, error } = opts;
  if (error instanceof AIServiceError) return error;
  const base = { provider, operation, cause: error };
  const message = error instanceof Error ? error.message : String(error);
  if (error && typeof error === "object") {
    const status =
      (error as { statusCode?: unknown }).statusCode ?? (error as { status?: unknown }).status ?? undefined;
    if (typeof status === "number" && status > 0) {
      const retryAfterMs = parseRetryAfter(headersOf(error)?.get("retry-after")) ?? opts.retryAfterMs;
      const kind = kindForStatus(status);
      return new AIServiceError({
        ...base,
        kind,
        httpStatus: status,
        retryAfterMs,
        detail: `${operation}: HTTP ${status}: ${message}`.slice(0, 500),
      });
    }
    const name = (error as { name?: unknown }).name;
    if (typeof name === "string" && /timeout/i.test(name)) {
      return new AIServiceError({ ...base, kind: "timeout", detail: `${operation}: ${message}` });
    }
    if (error instanceof SyntaxError || /json|parse|expected/i.test(String(name)) || /JSON/.test(message)) {
      return new AIServiceError({ ...base, kind: "malformed_response", detail: `${operation}: ${message}` });
    }
  }
  return new AIServiceError({ ...base, kind: "network", detail: `${operation}: ${message}`.slice(0, 500) });
}
