/**
 * Long requests (uploads) that must be allowed to finish, or to clean up after
 * themselves, before the process exits; and the signal that tells them time is up.
 */
export type InFlight = {
  /** Aborts when the shutdown grace period is over: tracked work gives up cleanly. */
  readonly stopping: AbortSignal;
  /** Runs `work` as tracked: `drained()` waits for it. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Asks tracked work to stop now. */
  stop(): void;
  /** Resolves when every tracked piece of work has settled (successfully or not). */
  drained(): Promise<void>;
};

export function createInFlight(): InFlight {
  const controller = new AbortController();
  const running = new Set<Promise<unknown>>();
  return {
    stopping: controller.signal,
    track(work) {
      const settled = work.then(
        () => {},
        () => {},
      );
      running.add(settled);
      void settled.then(() => running.delete(settled));
      return work;
    },
    stop() {
      controller.abort();
    },
    async drained() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
