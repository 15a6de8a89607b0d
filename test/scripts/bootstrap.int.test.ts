// scripts/bootstrap.sh's apt step, run by bash with a fake apt-get (and dpkg-query, id) first
// on PATH: it must wait for another apt's lock, and show apt's own words when it fails.
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "@coherence/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BOOTSTRAP = resolve(REPO_ROOT, "scripts/bootstrap.sh");
let dir: string;

async function fakeTool(name: string, body: string): Promise<void> {
  await writeFile(join(dir, "bin", name), `#!/usr/bin/env bash\n${body}\n`);
  await chmod(join(dir, "bin", name), 0o755);
}

/** Sources bootstrap.sh (steps defined, not run) and runs ensure_apt_packages with the fakes. */
async function ensureAptPackages(): Promise<{ code: number; stdout: string; stderr: string }> {
  return await new Promise((done) => {
    execFile(
      "bash",
      ["-c", `source "${BOOTSTRAP}" && ensure_apt_packages`],
      {
        env: {
          PATH: `${join(dir, "bin")}:${process.env.PATH}`,
          HOME: dir,
          COHERENCE_BOOTSTRAP_DEFINE_ONLY: "1",
          APT_CALLS: join(dir, "apt-calls.log"),
        },
      },
      (err, stdout, stderr) => done({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-bootstrap-"));
  await writeFile(join(dir, "apt-calls.log"), "");
  await mkdir(join(dir, "bin"));
  await fakeTool("dpkg-query", "exit 1"); // nothing is installed
  await fakeTool("id", '[ "$1" = "-u" ] && { echo 0; exit 0; }; exec /usr/bin/id "$@"'); // as root
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("bootstrap's apt step", () => {
  it("waits for the apt lock instead of failing with exit 100", async () => {
    // Like apt while another apt holds the lock: it fails at once unless told to wait.
    await fakeTool(
      "apt-get",
      `echo "$*" >> "$APT_CALLS"
for a in "$@"; do case "$a" in DPkg::Lock::Timeout=[1-9]*) exit 0;; esac; done
echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2
exit 100`,
    );
    const run = await ensureAptPackages();
    expect(run.stderr).not.toContain("Could not get lock");
    expect(run.code).toBe(0);
    const calls = (await readFile(join(dir, "apt-calls.log"), "utf8")).trim().split("\n");
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call).toMatch(/-o DPkg::Lock::Timeout=\d+ (update|install)/);
  });

  it("shows apt's output, stdout included, when it fails", async () => {
    await fakeTool(
      "apt-get",
      `[ "$3" = "update" ] && exit 0
echo "The following packages have unmet dependencies:"
echo " chromium : Depends: libatk1.0-0 but it is not going to be installed"
echo "E: Unable to correct problems, you have held broken packages." >&2
exit 100`,
    );
    const run = await ensureAptPackages();
    expect(run.code).toBe(100);
    expect(run.stderr).toContain("chromium : Depends: libatk1.0-0 but it is not going to be installed");
    expect(run.stderr).toContain("E: Unable to correct problems, you have held broken packages.");
    expect(run.stderr).toContain("apt-get install failed (exit 100)");
  });
});
