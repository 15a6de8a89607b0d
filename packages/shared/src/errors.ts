/**
 * Error codes shared by the API, the worker and the web app. Each code fixes
 * the HTTP status and whether a client may retry the same request unchanged.
 */
export const ERROR_CODES = {
  BAD_REQUEST: { status: 400, retryable: false },
  VALIDATION_FAILED: { status: 400, retryable: false },
  UNAUTHORIZED: { status: 401, retryable: false },
  FORBIDDEN: { status: 403, retryable: false },
  CSRF_FAILED: { status: 403, retryable: false },
  NOT_FOUND: { status: 404, retryable: false },
  CONFLICT: { status: 409, retryable: false },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false },
  INVALID_MEDIA: { status: 422, retryable: false },
  RANGE_NOT_SATISFIABLE: { status: 416, retryable: false },
  RATE_LIMITED: { status: 429, retryable: true },
  INTERNAL: { status: 500, retryable: true },
  AI_SERVICE_ERROR: { status: 502, retryable: true },
  SERVICE_UNAVAILABLE: { status: 503, retryable: true },
  /** Our storage is full (ENOSPC / quota): nothing was kept, and the same upload can succeed later. */
  STORAGE_FULL: { status: 507, retryable: true },
  TIMEOUT: { status: 504, retryable: true },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The body of every error response, on tRPC (inside `data`) and on REST. */
export type ErrorBody = {
  error: string;
  code: ErrorCode;
  retryable: boolean;
  issues?: { path: string; message: string }[];
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_CODES, value);
}

/**
 * The one error type domain code throws. The message is shown to users, so it
 * must say what went wrong and what to do; internals go in `cause`.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number;
  readonly issues?: ErrorBody["issues"];
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      cause?: unknown;
      retryable?: boolean;
      issues?: ErrorBody["issues"];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.issues = options.issues;
    this.headers = options.headers;
  }

  toBody(): ErrorBody {
    return {
      error: this.message,
      code: this.code,
      retryable: this.retryable,
      ...(this.issues ? { issues: this.issues } : {}),
    };
  }
}
