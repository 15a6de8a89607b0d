import { AppError, type ErrorBody, isErrorCode } from "@coherence/shared";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/unstable-core-do-not-import";
import { z } from "zod";

const STATUS_TO_TRPC: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
  500: "INTERNAL_SERVER_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
  // tRPC has no 507; its procedures never write to storage, and the body keeps STORAGE_FULL.
  507: "INTERNAL_SERVER_ERROR",
};

const TRPC_TO_APP: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorBody["code"]>> = {
  PARSE_ERROR: "BAD_REQUEST",
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_SUPPORTED: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  UNPROCESSABLE_CONTENT: "INVALID_MEDIA",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  TIMEOUT: "TIMEOUT",
  GATEWAY_TIMEOUT: "TIMEOUT",
  BAD_GATEWAY: "AI_SERVICE_ERROR",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

export const INTERNAL_MESSAGE =
  "Something went wrong on our side. Please try again; if it keeps failing, contact support and quote the request id.";

/** Converts an AppError into the TRPCError whose HTTP status matches the AppError's code. */
export function appErrorToTRPC(err: AppError): TRPCError {
  return new TRPCError({
    code: STATUS_TO_TRPC[err.status] ?? "INTERNAL_SERVER_ERROR",
    message: err.message,
    cause: err,
  });
}

function findAppError(err: unknown): AppError | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof AppError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Errno codes of a full disk or exhausted quota (local disk, or a mounted volume). */
const STORAGE_FULL_ERRNOS = new Set(["ENOSPC", "EDQUOT"]);
/**
 * A backend that refuses or drops connections, or Postgres shutting down / starting up
 * (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now).
 */
const BACKEND_DOWN_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "57P01", "57P02", "57P03"]);
/** What pg says when a connection dies mid-query, is already broken, or cannot be had in time. */
const BACKEND_DOWN_MESSAGE = /Connection terminated|not queryable|timeout exceeded when trying to connect/i;

/**
 * Infrastructure failures users should see as what they are, retryable, rather than as
 * a generic 500: storage full (507) and a backend (the database) unreachable (503). Looks down the
 * cause chain, since storage and pg errors arrive wrapped.
 */
export function infrastructureError(err: unknown): AppError | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    const message = String((current as { message?: unknown }).message ?? "");
    if (typeof code === "string" && STORAGE_FULL_ERRNOS.has(code)) {
      return new AppError(
        "STORAGE_FULL",
        "We could not store your video: our storage is full right now. Nothing was kept; please try again later.",
        { cause: err },
      );
    }
    if ((typeof code === "string" && BACKEND_DOWN_CODES.has(code)) || BACKEND_DOWN_MESSAGE.test(message)) {
      return new AppError(
        "SERVICE_UNAVAILABLE",
        "The service is briefly unavailable. Please try again in a few seconds.",
        {
          cause: err,
        },
      );
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function zodIssues(err: unknown): ErrorBody["issues"] | undefined {
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof z.ZodError) {
    return cause.issues.map((i) => ({ path: i.path.map(String).join(".") || "(input)", message: i.message }));
  }
  return undefined;
}

/**
 * The one mapping from any error to the public `{ error, code, retryable }` body.
 * Unexpected errors never leak their message or stack.
 */
export function toErrorBody(err: unknown): {
  status: number;
  body: ErrorBody;
  expected: boolean;
  headers?: Record<string, string>;
} {
  const app = findAppError(err) ?? infrastructureError(err);
  if (app) return { status: app.status, body: app.toBody(), expected: app.status < 500, headers: app.headers };
  if (err instanceof TRPCError) {
    const issues = zodIssues(err);
    if (err.code === "BAD_REQUEST" && issues) {
      return {
        status: 400,
        expected: true,
        body: {
          error: `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
          code: "VALIDATION_FAILED",
          retryable: false,
          issues,
        },
      };
    }
    const code = TRPC_TO_APP[err.code] ?? "INTERNAL";
    const status = Object.entries(STATUS_TO_TRPC).find(([, c]) => c === err.code)?.[0];
    if (code === "INTERNAL")
      return { status: 500, expected: false, body: { error: INTERNAL_MESSAGE, code, retryable: true } };
    const app2 = new AppError(code, err.message);
    return { status: status ? Number(status) : app2.status, expected: true, body: app2.toBody() };
  }
  const status =
    (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
  // Express and body-parser raise errors with a status (malformed JSON 400, body too large 413).
  if (typeof status === "number" && status >= 400 && status < 500) {
    const code: ErrorBody["code"] =
      status === 413 ? "PAYLOAD_TOO_LARGE" : status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "BAD_REQUEST";
    const message =
      status === 413
        ? "The request body is too large."
        : (err as { type?: string }).type === "entity.parse.failed"
          ? "The request body is not valid JSON."
          : "The request could not be understood.";
    return { status, expected: true, body: { error: message, code, retryable: false } };
  }
  return { status: 500, expected: false, body: { error: INTERNAL_MESSAGE, code: "INTERNAL", retryable: true } };
}

export function isAppErrorBody(value: unknown): value is ErrorBody {
  return typeof value === "object" && value !== null && isErrorCode((value as ErrorBody).code);
}
