import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { findFreePort } from "@coherence/core";
import { createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `pnpm dev` (scripts/dev.ts) must bring up the API, the worker and the web app.
const root = resolve(import.meta.dirname, "..");
let child: ChildProcess;
let testDb: TestDatabase;
let apiPort: number;
let webPort: number;
let output = "";
let readyzWhenAnnounced: Promise<number | string> | undefined;

async function poll(url: string, timeoutMs = 60_000): Promise<Response> {
  const start = Date.now();
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not up yet
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`${url} did not answer in time. Output:\n${output.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  apiPort = await findFreePort();
  webPort = await findFreePort();
  child = spawn(resolve(root, "node_modules/.bin/tsx"), ["scripts/dev.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: testDb.url,
      API_PORT: String(apiPort),
      FRONTEND_PORT: String(webPort),
      LOG_LEVEL: "info",
      LOG_PRETTY: "false",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
    // The moment the banner appears, its API URL must already answer.
    if (!readyzWhenAnnounced && output.includes("Coherence is running")) {
      readyzWhenAnnounced = fetch(`http://127.0.0.1:${apiPort}/readyz`).then(
        (res) => res.status,
        (err: Error) => err.message,
      );
    }
  });
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
});

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) process.kill(-child.pid, "SIGKILL");
  }
  await testDb?.destroy();
});

describe("the dev command", () => {
  it("serves the API's health and the web app, which proxies to the API", async () => {
    const health = await poll(`http://127.0.0.1:${apiPort}/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    const page = await poll(`http://127.0.0.1:${webPort}/`);
    expect(await page.text()).toContain('<div id="root">');
    const proxied = await poll(`http://127.0.0.1:${webPort}/readyz`);
    expect(await proxied.json()).toEqual({ status: "ready" });
  });

  it('prints "Coherence is running" only once the API answers /readyz', async () => {
    const start = Date.now();
    while (!readyzWhenAnnounced && Date.now() - start < 90_000) await new Promise((r) => setTimeout(r, 250));
    expect(readyzWhenAnnounced, `no banner. Output:\n${output.slice(-2000)}`).toBeDefined();
    expect(await readyzWhenAnnounced).toBe(200);
  });

  it("runs the worker against the same database", async () => {
    const start = Date.now();
    while (!output.includes("worker running") && Date.now() - start < 30_000)
      await new Promise((r) => setTimeout(r, 250));
    expect(output).toContain("worker running");
  });
});
