// What one scenario cost each side: the API's CPU (its process tree, from /proc, so it counts
// every cluster worker), the CPU of the children the API reaped meanwhile (ffprobe for uploads),
// the load generator's own CPU (this process) and how late its event loop ran (a busy client
// adds its own delay to every latency it measures).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { treeCpu } from "./proc-cpu";

export type Usage = {
  seconds: number;
  /** CPU seconds of the API's node processes. */
  apiCpu?: number;
  /** CPU seconds of the API's reaped children (ffprobe), not in `apiCpu`. */
  apiChildrenCpu?: number;
  /** CPU seconds of the load generator (this process, autocannon and the paced users). */
  clientCpu: number;
  /** The load generator's event-loop delay, 99th percentile and maximum, ms. */
  clientLagP99: number;
  clientLagMax: number;
};

/** Starts measuring; `stop()` returns what was used since. */
export function startMeter(apiPid: number | undefined): { stop: () => Usage } {
  const api0 = apiPid === undefined ? undefined : treeCpu(apiPid);
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  return {
    stop() {
      lag.disable();
      const api1 = apiPid === undefined ? undefined : treeCpu(apiPid);
      const client = process.cpuUsage(client0);
      return {
        seconds: (performance.now() - t0) / 1000,
        apiCpu: api0 && api1 ? api1.own - api0.own : undefined,
        apiChildrenCpu: api0 && api1 ? api1.children - api0.children : undefined,
        clientCpu: (client.user + client.system) / 1e6,
        clientLagP99: Math.round(lag.percentile(99) / 1e6),
        clientLagMax: Math.round(lag.max / 1e6),
      };
    },
  };
}

/**
 * Waits until the API is idle: its processes used under 5% of a core over two 250 ms windows
 * in a row (or 30 s). A saturated scenario leaves up to one queued request per connection
 * behind (Node serves requests whose clients have gone, queued for a database connection),
 * seconds of work that must not be charged to the next scenario. A quick /healthz answer does
 * not show it: health needs no database connection.
 */
export async function waitUntilIdle(apiPid: number, opts: { windowMs?: number; timeoutMs?: number } = {}) {
  const windowMs = opts.windowMs ?? 250;
  const start = Date.now();
  let quiet = 0;
  let before = treeCpu(apiPid)?.own;
  while (quiet < 2 && Date.now() - start < (opts.timeoutMs ?? 30_000)) {
    await new Promise((r) => setTimeout(r, windowMs));
    const now = treeCpu(apiPid)?.own;
    if (now === undefined || before === undefined) return;
    quiet = (now - before) * 1000 < 0.05 * windowMs ? quiet + 1 : 0;
    before = now;
  }
}
