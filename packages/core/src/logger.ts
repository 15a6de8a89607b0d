import { type Logger, pino } from "pino";

export type { Logger };

/** Paths that must never reach a log line. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'res.headers["set-cookie"]',
  "*.password",
  "*.currentPassword",
  "*.newPassword",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.apiKey",
];

/** Creates the root logger; services derive child loggers carrying requestId, userId, videoId, jobId. */
export function createLogger(
  opts: {
    level?: string;
    pretty?: boolean;
    name?: string;
    /** Command-line tools log to stderr so that stdout carries only their results. */
    toStderr?: boolean;
  } = {},
): Logger {
  const fd = opts.toStderr ? 2 : 1;
  const options = {
    name: opts.name ?? "coherence",
    level: opts.level ?? "info",
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  if (opts.pretty) {
    return pino({
      ...options,
      transport: { target: "pino-pretty", options: { colorize: true, ignore: "pid,hostname", destination: fd } },
    });
  }
  // Asynchronous output: a busy API does not wait on a write(2) per log line. pino
  // flushes what is buffered when the process exits (including process.exit).
  return pino(options, pino.destination({ dest: fd, sync: false }));
}
