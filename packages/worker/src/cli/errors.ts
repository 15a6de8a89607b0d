import { ConfigError, ProbeError } from "@coherence/core";
import { AppError } from "@coherence/shared";

/** Exit codes: 2 for what the user can fix (input, configuration), 1 for everything else. */
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;

/** An error the user caused and can fix, already worded for the terminal. */
export class CliInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CliInputError";
  }
}

/**
 * One line for the terminal and the exit code. Errors the user can fix exit 2 without a
 * stack trace; an unexpected error shows its stack only when LOG_LEVEL asks for detail.
 */
export function describeCliError(err: unknown, env: NodeJS.ProcessEnv = process.env): { text: string; code: number } {
  if (err instanceof ConfigError) return { text: `${err.oneLine}\n`, code: EXIT_USAGE };
  if (err instanceof CliInputError) return { text: `${err.message}\n`, code: EXIT_USAGE };
  if (err instanceof ProbeError && err.reason === "unreadable") {
    return {
      text: `Not a video or audio file ffprobe can read: ${firstLine(err.stderr) || err.message}\n`,
      code: EXIT_USAGE,
    };
  }
  // A non-retryable AppError is about the input or the setup (bad media, whisper without a model).
  if (err instanceof AppError && !err.retryable) return { text: `${firstLine(err.message)}\n`, code: EXIT_USAGE };
  const message = err instanceof Error ? err.message : String(err);
  const detail = env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "trace";
  const stack = detail && err instanceof Error && err.stack ? `\n${err.stack}` : "";
  return {
    text: `coherence: ${message.trim()}${stack}\n${detail ? "" : "(LOG_LEVEL=debug shows the stack trace)\n"}`,
    code: EXIT_FAILURE,
  };
}

function firstLine(s: string): string {
  return s.trim().split("\n")[0]?.trim() ?? "";
}
