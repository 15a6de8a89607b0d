import { type AnyTaskName, type EnqueueOptions, type Executor, enqueueJob } from "./jobs";

/** A daily window in local wall-clock minutes since midnight; may cross midnight (22:00-05:00). */
export type ClockWindow = { startMinute: number; endMinute: number };

/** The queue non-urgent work goes to: graphile-worker runs a named queue's jobs one at a time. */
export const LOW_PRIORITY_QUEUE = "low-priority";
/** graphile-worker runs lower numbers first; interactive analyses use the default 0. */
export const LOW_PRIORITY = 100;

/** Parses "HH:MM-HH:MM". */
export function parseClockWindow(text: string): ClockWindow {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`Off-peak window "${text}" must look like 01:00-06:00`);
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 23 || m1 > 59 || m2 > 59) throw new Error(`Off-peak window "${text}" has an invalid time`);
  return { startMinute: h1 * 60 + m1, endMinute: h2 * 60 + m2 };
}

/** Wall-clock minute of the day (with fractional seconds) of `instant` in `timeZone`. */
export function localMinuteOfDay(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute") + get("second") / 60;
}

/** Whether a local minute of the day falls inside the window (start inclusive, end exclusive). */
export function isInWindow(minute: number, window: ClockWindow): boolean {
  if (window.startMinute === window.endMinute) return true; // a 24-hour window
  if (window.startMinute < window.endMinute) return minute >= window.startMinute && minute < window.endMinute;
  return minute >= window.startMinute || minute < window.endMinute;
}

/**
 * When a non-urgent job should run: now if inside the off-peak window, else the next
 * start of the window, plus an optional spread (a random offset inside the window) so
 * a bulk import does not all start at the same second. Computed from wall-clock minutes
 * in `timeZone`; on a DST change day the start may be off by the shift (an hour at most).
 */
export function nextOffPeakRunAt(opts: {
  now: Date;
  window: ClockWindow;
  timeZone: string;
  /** 0–1; the fraction of the window's length to spread jobs over (default 0). */
  spread?: number;
  random?: () => number;
}): Date {
  const minute = localMinuteOfDay(opts.now, opts.timeZone);
  const length = (opts.window.endMinute - opts.window.startMinute + 1440) % 1440 || 1440;
  const spreadMinutes = Math.max(0, Math.min(1, opts.spread ?? 0)) * length * (opts.random ?? Math.random)();
  if (isInWindow(minute, opts.window)) {
    const left = (opts.window.endMinute - minute + 1440) % 1440 || 1440;
    return new Date(opts.now.getTime() + Math.min(spreadMinutes, left * 0.9) * 60_000);
  }
  const until = (opts.window.startMinute - minute + 1440) % 1440;
  return new Date(opts.now.getTime() + (until + spreadMinutes) * 60_000);
}

/** Where and when a non-urgent job goes: the low-priority queue, run_at in the next off-peak window. */
export function offPeakPlacement(opts: {
  offPeak: { window: string; timeZone: string };
  now?: Date;
  spread?: number;
}): { queueName: string; priority: number; runAt: Date } {
  const runAt = nextOffPeakRunAt({
    now: opts.now ?? new Date(),
    window: parseClockWindow(opts.offPeak.window),
    timeZone: opts.offPeak.timeZone,
    spread: opts.spread,
  });
  return { queueName: LOW_PRIORITY_QUEUE, priority: LOW_PRIORITY, runAt };
}

/**
 * Enqueues a non-urgent job (practice-library import, bulk re-analysis) on the
 * low-priority queue with run_at inside the configured off-peak window. Call inside the
 * transaction that creates the rows the job works on.
 */
export async function enqueueOffPeakJob<T extends AnyTaskName>(
  executor: Executor,
  opts: Omit<EnqueueOptions<T>, "queueName" | "runAt" | "priority"> & {
    offPeak: { window: string; timeZone: string };
    now?: Date;
    spread?: number;
  },
): Promise<{ id: string; runAt: Date }> {
  const placement = offPeakPlacement(opts);
  const { id } = await enqueueJob<T>(executor, {
    task: opts.task,
    payload: opts.payload,
    jobKey: opts.jobKey,
    maxAttempts: opts.maxAttempts,
    ...placement,
  });
  return { id, runAt: placement.runAt };
}
