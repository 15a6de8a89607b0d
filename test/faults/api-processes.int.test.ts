import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "@coherence/core";
import { createTestDatabase, type TestDatabase, waitUntil } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killProc, type Proc, spawnTs } from "./helpers";

// API_PROCESSES=2: one primary and two workers on one port; a worker that dies is
// replaced; SIGTERM to the primary stops them all and exits 0.
let testDb: TestDatabase;
let dir: string;
let api: Proc;
let url: string;

/** Pids of the processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // Fields after the command name (which may contain spaces): state, ppid, …
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const ready = () =>
  waitUntil(
    () =>
      fetch(`${url}/readyz`).then(
        (res) => (res.ok ? res : undefined),
        () => undefined,
      ),
    { what: `${url}/readyz`, timeoutMs: 60_000, intervalMs: 200 },
  );

beforeAll(async () => {
  testDb = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "coherence-processes-"));
  const port = await findFreePort();
  url = `http://127.0.0.1:${port}`;
  api = spawnTs("packages/api/src/main.ts", {
    DATABASE_URL: testDb.url,
    API_PORT: String(port),
    API_PROCESSES: "2",
    LOG_LEVEL: "warn",
    AUTH_SECRET: "procs-secret-procs-secret-procs-secret-01",
    STORAGE_DIR: join(dir, "storage"),
  });
});

afterAll(async () => {
  await killProc(api);
  await testDb?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("API_PROCESSES=2", () => {
  it("serves from two worker processes, replaces one that dies, and stops them all on SIGTERM", async () => {
    await ready();
    const primary = api.child.pid!;
    const workers = await waitUntil(() => (childrenOf(primary).length === 2 ? childrenOf(primary) : undefined), {
      what: "two API workers",
      timeoutMs: 30_000,
      intervalMs: 200,
    });

    process.kill(workers[0]!, "SIGKILL");
    const replaced = await waitUntil(
      () => {
        const now = childrenOf(primary);
        return now.length === 2 && !now.includes(workers[0]!) ? now : undefined;
      },
      { what: "a replacement worker", timeoutMs: 30_000, intervalMs: 200 },
    );
    expect(replaced).toContain(workers[1]);
    await ready();

    process.kill(primary, "SIGTERM");
    expect(await api.exited).toBe(0);
    expect(childrenOf(primary)).toEqual([]);
  });
});
