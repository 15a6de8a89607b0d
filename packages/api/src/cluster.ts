import cluster, { type Worker } from "node:cluster";
import type { Logger } from "@coherence/core";

/** A worker that dies this soon after the previous crash counts towards a crash loop. */
const CRASH_WINDOW_MS = 60_000;
/** Wait before replacing a crashed worker, so a crash loop does not spin the CPU. */
const RESTART_DELAY_MS = 1_000;

/**
 * Whether to replace a worker that died unexpectedly: yes, unless more than `limit`
 * crashes (this one included) fell within the window, which is a crash loop that a
 * restart would only repeat; the supervisor (systemd, Kubernetes) should see it.
 */
export function shouldReplaceWorker(opts: { crashes: number[]; now: number; limit: number }): boolean {
  return opts.crashes.filter((t) => opts.now - t < CRASH_WINDOW_MS).length <= opts.limit;
}

/**
 * The primary of an API on several processes (API_PROCESSES, node:cluster): forks
 * `processes` workers that all listen on the same port (the primary hands out the
 * connections in turn), replaces a worker that dies, and on SIGTERM/SIGINT passes the
 * signal on and waits for every worker to finish its in-flight requests and exit.
 * Resolves with the exit code once they all have.
 */
export function runApiPrimary(opts: { processes: number; env: Record<string, string>; logger: Logger }) {
  const { logger } = opts;
  let stopping = false;
  const crashes: number[] = [];
  const fork = (): Worker => cluster.fork(opts.env);
  return new Promise<number>((resolve) => {
    cluster.on("exit", (worker, code, signal) => {
      const alive = Object.keys(cluster.workers ?? {}).length;
      if (stopping) {
        if (alive === 0) resolve(0);
        return;
      }
      crashes.push(Date.now());
      logger.error({ pid: worker.process.pid, code, signal }, "API worker died");
      if (!shouldReplaceWorker({ crashes, now: Date.now(), limit: opts.processes * 2 })) {
        logger.fatal("API workers keep dying: stopping");
        stopping = true;
        for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
        if (alive === 0) resolve(1);
        return;
      }
      setTimeout(fork, RESTART_DELAY_MS).unref();
    });
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, "shutting down: workers finish their in-flight requests");
        const workers = Object.values(cluster.workers ?? {});
        if (workers.length === 0) resolve(0);
        for (const w of workers) w?.process.kill("SIGTERM");
      });
    }
    for (let i = 0; i < opts.processes; i++) fork();
    logger.info({ processes: opts.processes }, "API workers started");
  });
}
