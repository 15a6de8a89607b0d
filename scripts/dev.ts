// `pnpm dev`: the whole product on one machine. Starts (or reuses) the database,
// migrates it, then runs the API, the worker and the Vite dev server, prefixing
// each line with its source. Ctrl-C stops everything.
import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";
import { createLogger, loadConfigOrExit, loadDotEnv, migrate, resolveDatabaseUrl } from "@coherence/core";

loadDotEnv();
const config = loadConfigOrExit();
const logger = createLogger({ level: "info", pretty: true, name: "dev" });
const database = await resolveDatabaseUrl(config, logger);
await migrate({ url: database.url, logger });

const root = resolve(import.meta.dirname, "..");
const frontendPort = Number(process.env.FRONTEND_PORT ?? 5173);
const apiTarget = `http://${config.API_HOST}:${config.API_PORT}`;
const env = {
  ...process.env,
  DATABASE_URL: database.url,
  FORCE_COLOR: "1",
  FRONTEND_PORT: String(frontendPort),
  VITE_API_PROXY_TARGET: apiTarget,
};
const children: ChildProcess[] = [];
const colors: Record<string, string> = { api: "36", worker: "35", web: "32" };

function start(name: string, args: string[], cwd: string): void {
  // Each child leads its own process group so that stopping it also stops what pnpm started.
  const child = spawn("pnpm", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const prefix = `\x1b[${colors[name]}m${name.padEnd(6)}\x1b[0m| `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) process.stdout.write(`${prefix}${line}\n`);
    });
  }
  child.on("exit", (code) => {
    if (!shuttingDown) {
      logger.error({ name, code }, `${name} exited; stopping everything`);
      void shutdown(1);
    }
  });
  children.push(child);
}

start("api", ["--filter", "@coherence/api", "start"], root);
start("worker", ["--filter", "@coherence/worker", "start"], root);
start("web", ["--filter", "@coherence/frontend", "dev"], root);

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const c of children) {
    if (c.pid && c.exitCode === null) {
      try {
        process.kill(-c.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
  await database.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

/** Prints the URLs once the API answers /readyz, so that they work when they appear. */
async function announceWhenReady(): Promise<void> {
  const readyz = `${apiTarget.replace(/\/\/(0\.0\.0\.0|\[::\]|::)(?=:)/, "//127.0.0.1")}/readyz`;
  for (;;) {
    if (shuttingDown) return;
    try {
      if ((await fetch(readyz, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  process.stdout.write(
    [
      "",
      "Coherence is running:",
      `  web app      http://localhost:${frontendPort}`,
      `  API          ${config.publicApiUrl}   (health: /healthz, readiness: /readyz)`,
      `  API docs     ${config.publicApiUrl}/api/docs   (OpenAPI: /api/v1/openapi.json)`,
      `  tRPC panel   ${config.publicApiUrl}/trpc-panel`,
      "Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}
void announceWhenReady();
