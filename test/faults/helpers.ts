import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import pg from "pg";

export const ROOT = resolve(import.meta.dirname, "../..");

export type Proc = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/**
 * Spawns a TypeScript entry point (node --import tsx: one process, so signals and
 * pids are the program's own) in its own process group, capturing its output.
 */
export function spawnTs(entry: string, env: Record<string, string>): Proc {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_PRETTY: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, output: () => out, exited };
}

/** Kills a spawned process group if it still runs. */
export async function killProc(p: Proc | undefined, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (!p?.child.pid || p.child.exitCode !== null || p.child.signalCode !== null) return;
  try {
    process.kill(-p.child.pid, signal);
  } catch {
    // already gone
  }
  await Promise.race([p.exited, new Promise((r) => setTimeout(r, 5000))]);
}

/** Polls `fn` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs one query on a short-lived connection. */
export async function query<R extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Adds a fault_job through graphile-worker's SQL API. */
export async function addFaultJob(url: string, payload: { key: string; ms: number; videoId?: string }): Promise<void> {
  await query(url, "select graphile_worker.add_job('fault_job', $1::json, job_key => $2)", [
    JSON.stringify(payload),
    payload.key,
  ]);
}

/** Events recorded by fault_job for one key. */
export async function runsOf(url: string, key: string): Promise<{ pid: number; event: string; attempt: number }[]> {
  return await query(url, "select pid, event, attempt from fault_runs where job_key = $1 order by at", [key]);
}

/** The pid a fixture prints in its `worker ready <pid>` line (tsx runs the code in a child process). */
export async function readyPid(p: Proc, timeoutMs = 30_000): Promise<number> {
  return await waitFor(
    "worker ready",
    async () => {
      const m = /worker ready (\d+)/.exec(p.output());
      return m ? Number(m[1]) : undefined;
    },
    timeoutMs,
  );
}
