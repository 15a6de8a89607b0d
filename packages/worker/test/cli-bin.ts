import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { REPO_ROOT } from "@coherence/core";

/** The real `coherence` executable, as a user runs it. */
export const COHERENCE_BIN = resolve(REPO_ROOT, "packages/worker/bin/coherence.mjs");

export type BinRun = { code: number | null; stdout: string; stderr: string };

/**
 * Runs `coherence ...args` in a child process with only `env` (plus PATH and HOME), so
 * the test's own environment (DATABASE_URL, keys) cannot leak in.
 */
export async function runCoherenceBin(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 240_000,
): Promise<BinRun> {
  const child = spawn(process.execPath, [COHERENCE_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** The lines a run wrote, without blank ones. */
export const lines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");
