import { type Config, type Database, enqueueRescores } from "@coherence/core";

export const RESCORE_ALL_USAGE =
  "Usage: coherence rescore --all [--off-peak] [--stale] [--before ISO-DATE] [--limit N] [--json]\n";

export type RescoreAllArgs = { offPeak: boolean; staleOnly: boolean; analysedBefore?: Date; limit: number };

/** Reads `rescore --all`'s options; an error names the bad one. */
export function parseRescoreAllArgs(values: {
  "off-peak"?: unknown;
  stale?: unknown;
  before?: unknown;
  limit?: unknown;
}): RescoreAllArgs | { error: string } {
  const limit = values.limit === undefined ? 1_000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) return { error: "--limit must be 1 to 100000" };
  const before = values.before === undefined ? undefined : new Date(String(values.before));
  if (before && Number.isNaN(before.getTime())) return { error: "--before must be a date such as 2026-11-01" };
  return { offPeak: values["off-peak"] === true, staleOnly: values.stale === true, analysedBefore: before, limit };
}

/**
 * Queues a re-score of many analyses for the worker (the same jobs as the admin
 * procedure): now on the default queue, or with --off-peak on the low-priority queue
 * in the configured window. Nothing is re-scored here: a running worker does it.
 */
export async function runRescoreAllCommand(opts: {
  db: Database;
  config: Pick<Config, "OFFPEAK_WINDOW" | "OFFPEAK_TIMEZONE">;
  args: RescoreAllArgs;
  json: boolean;
  out: (s: string) => void;
  now?: Date;
}): Promise<number> {
  const { args, config } = opts;
  const result = await enqueueRescores(opts.db, {
    selection: { analysedBefore: args.analysedBefore, staleOnly: args.staleOnly, limit: args.limit },
    urgent: !args.offPeak,
    offPeak: { window: config.OFFPEAK_WINDOW, timeZone: config.OFFPEAK_TIMEZONE },
    now: opts.now,
  });
  if (opts.json) {
    opts.out(`${JSON.stringify({ ...result, runAt: result.runAt.toISOString() })}\n`);
  } else {
    const when = args.offPeak
      ? `on the ${result.queue} queue from ${result.runAt.toISOString()} (off-peak: ${config.OFFPEAK_WINDOW} ${config.OFFPEAK_TIMEZONE})`
      : "to run now";
    opts.out(`Queued ${result.count} re-score job(s) ${when}. A running worker (coherence-worker) processes them.\n`);
  }
  return 0;
}
