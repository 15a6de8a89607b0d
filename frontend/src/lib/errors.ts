import { type ErrorBody, type ErrorCode, isErrorCode } from "@coherence/shared";
import { TRPCClientError } from "@trpc/client";

/** Any failure from the API, in the one shape the UI shows: `{ error, code, retryable, issues? }`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number;
  readonly issues: { path: string; message: string }[];
  readonly retryAfterSeconds?: number;

  constructor(body: ErrorBody & { status?: number; retryAfterSeconds?: number }) {
    super(body.error);
    this.name = "ApiError";
    this.code = body.code;
    this.retryable = body.retryable;
    this.status = body.status ?? 0;
    this.issues = body.issues ?? [];
    this.retryAfterSeconds = body.retryAfterSeconds;
  }

  /** The message for one form field, from the server's validation issues. */
  fieldError(field: string): string | undefined {
    return this.issues.find((i) => i.path === field || i.path.endsWith(`.${field}`))?.message;
  }
}

const NETWORK_MESSAGE = "We couldn't reach Coherence. Check your connection and try again.";

/** Normalises anything thrown by a call (tRPC error, REST body, network failure) into an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof TRPCClientError) {
    const data = (err.data ?? {}) as Partial<ErrorBody> & { httpStatus?: number };
    if (isErrorCode(data.code)) {
      return new ApiError({
        error: data.error ?? err.message,
        code: data.code,
        retryable: data.retryable ?? false,
        issues: data.issues,
        status: data.httpStatus,
      });
    }
    if (data.code === undefined && /fetch|network/i.test(err.message)) {
      return new ApiError({ error: NETWORK_MESSAGE, code: "SERVICE_UNAVAILABLE", retryable: true });
    }
    return new ApiError({ error: err.message, code: "INTERNAL", retryable: true, status: data.httpStatus });
  }
  if (err instanceof TypeError)
    return new ApiError({ error: NETWORK_MESSAGE, code: "SERVICE_UNAVAILABLE", retryable: true });
  return new ApiError({ error: err instanceof Error ? err.message : String(err), code: "INTERNAL", retryable: true });
}

/** Parses a REST error body (used by the XHR upload). */
export function apiErrorFromBody(status: number, text: string, retryAfter?: string | null): ApiError {
  try {
    const body = JSON.parse(text) as Partial<ErrorBody>;
    if (isErrorCode(body.code)) {
      return new ApiError({
        error: body.error ?? "The request failed.",
        code: body.code,
        retryable: body.retryable ?? false,
        issues: body.issues,
        status,
        retryAfterSeconds: retryAfter ? Number(retryAfter) : undefined,
      });
    }
  } catch {
    // not JSON: a proxy error page, for instance
  }
  const code: ErrorCode = status === 413 ? "PAYLOAD_TOO_LARGE" : status >= 500 ? "SERVICE_UNAVAILABLE" : "BAD_REQUEST";
  return new ApiError({ error: `The server answered ${status}.`, code, retryable: status >= 500, status });
}
