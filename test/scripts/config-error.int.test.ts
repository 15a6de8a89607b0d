// Invalid configuration in a script's entry point: one line naming the variable, exit 2, no stack trace.
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { REPO_ROOT } from "@coherence/core";
import { describe, expect, it } from "vitest";

const TSX = resolve(REPO_ROOT, "node_modules/.bin/tsx");

async function runScript(path: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return await new Promise((done) => {
    execFile(
      TSX,
      [path],
      {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, API_PORT: "not-a-port", DATA_DIR: "/nonexistent" },
        timeout: 60_000,
      },
      (err, stdout, stderr) => done({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe("a configuration error in a script", () => {
  it.each([
    "scripts/dev.ts",
    "packages/core/src/db/migrate-cli.ts",
    "packages/worker/src/main.ts",
    "packages/api/src/main.ts",
  ])("%s prints one line and exits 2", async (script) => {
    const run = await runScript(script);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Invalid configuration: API_PORT /)]);
    expect(run.stdout).toBe("");
  });
});
