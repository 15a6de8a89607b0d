/** How long to wait before polling again; `false` stops polling. */
export type PollDelay = number | false;

const HIDDEN_FACTOR = 10;
const MAX_DELAY_MS = 60_000;

/**
 * The delay before the next poll of something that changes on the server:
 * - stops once it is `done` (nothing left to watch);
 * - ten times slower while the tab is hidden: nobody is looking, yet the page is current
 *   when they come back (the query also refetches on return, see useVideoStatus);
 * - doubles after each failed poll in a row (the API or the network is struggling), up to a minute.
 */
export function pollDelay(opts: { baseMs: number; done: boolean; hidden: boolean; failures: number }): PollDelay {
  if (opts.done) return false;
  const backoff = 2 ** Math.min(opts.failures, 10);
  return Math.min(MAX_DELAY_MS, opts.baseMs * backoff * (opts.hidden ? HIDDEN_FACTOR : 1));
}

/** Whether the page is in a background tab (always false outside a browser). */
export function pageHidden(): boolean {
  return typeof document !== "undefined" && document.visibilityState === "hidden";
}
