import type { NodeOptions } from "@sentry/node";
import type { Logger } from "../logger";
import { unexpectedErrorsTotal } from "./metrics";

/** What an error report is tagged with; every field is optional. */
export type ErrorTags = { userId?: string; videoId?: string; requestId?: string; jobId?: string; task?: string };

type SentryModule = typeof import("@sentry/node");

let sentry: SentryModule | undefined;
let service = "coherence";

/**
 * Starts Sentry when `dsn` is set; without a DSN nothing is loaded and reports only
 * count in `coherence_unexpected_errors_total`. `transport` lets tests capture
 * envelopes without any network. Returns whether Sentry is on.
 */
export async function initErrorTracking(opts: {
  dsn?: string;
  service: string;
  environment?: string;
  release?: string;
  logger?: Logger;
  /** Test hook: replaces the network transport. */
  transport?: NodeOptions["transport"];
  /** Test hook: false keeps Sentry from installing its global handlers. */
  defaultIntegrations?: false;
}): Promise<boolean> {
  service = opts.service;
  if (!opts.dsn) return false;
  const mod = await import("@sentry/node");
  mod.init({
    dsn: opts.dsn,
    environment: opts.environment,
    release: opts.release,
    serverName: opts.service,
    tracesSampleRate: 0,
    ...(opts.transport ? { transport: opts.transport } : {}),
    ...(opts.defaultIntegrations === false ? { defaultIntegrations: false } : {}),
  });
  mod.setTag("service", opts.service);
  sentry = mod;
  opts.logger?.info({ service: opts.service }, "error tracking (Sentry) enabled");
  return true;
}

/** True once `initErrorTracking` started Sentry. */
export function isErrorTrackingEnabled(): boolean {
  return sentry !== undefined;
}

/**
 * Reports an unexpected error (never an expected AppError a user caused) with
 * user and video tags. Safe to call whether or not Sentry is on.
 */
export function reportError(err: unknown, tags: ErrorTags = {}): void {
  unexpectedErrorsTotal.inc({ service });
  const s = sentry;
  if (!s) return;
  s.withScope((scope) => {
    if (tags.userId) scope.setUser({ id: tags.userId });
    for (const key of ["userId", "videoId", "requestId", "jobId", "task"] as const) {
      const value = tags[key];
      if (value) scope.setTag(key, value);
    }
    s.captureException(err);
  });
}

/** Sends queued events (call before the process exits). */
export async function flushErrorTracking(timeoutMs = 2000): Promise<void> {
  await sentry?.flush(timeoutMs);
}

/** Stops Sentry (tests). */
export async function closeErrorTracking(): Promise<void> {
  await sentry?.close(1000);
  sentry = undefined;
}
