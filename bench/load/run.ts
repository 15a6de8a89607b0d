// Load test: a real API process on an embedded Postgres, driven by autocannon from this
// (second) process on loopback: 1000 signed-in users in a realistic mix (bench/load/mix.ts)
// plus uploads at a steady rate, then each group saturated alone, then a bare Express
// "hello" with the same connections as the yardstick. Usage:
//   pnpm bench:load [--connections 1000] [--duration 15] [--rate 0.2] [--saturation 5] [--pool 20]
//                   [--videos 8] [--uploads 2] [--log-level info] [--processes 1] [--groups results,analytics]
// Prints p50/p99/errors/throughput per endpoint group, the load average with every figure,
// and writes artifacts/bench-load.json.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, findFreePort, migrate, signAccessToken, startEmbeddedPostgres } from "@coherence/core";
import autocannon from "autocannon";
import { type Group, MIX, missingPaths, splitConnections } from "./mix";
import { quantile, runPacedUsers } from "./paced";
import { type SeededUser, seedUsers } from "./seed";

const ROOT = resolve(import.meta.dirname, "../..");
// node --import tsx: one process per program, so signals and profiles are the program's own.
const TS_NODE = [process.execPath, "--import", "tsx"] as const;
const AUTH_SECRET = "bench-secret-bench-secret-bench-secret-0123";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "1000" },
    duration: { type: "string", default: "15" },
    rate: { type: "string", default: "0.2" },
    saturation: { type: "string", default: "5" },
    pool: { type: "string", default: "20" },
    videos: { type: "string", default: "8" },
    "log-level": { type: "string", default: "info" },
    uploads: { type: "string", default: "2" },
    // API processes (API_PROCESSES); the hello baseline runs on as many, so the shares stay comparable.
    processes: { type: "string", default: "1" },
    // Saturate only these groups (comma-separated, by name prefix): for profiling one route.
    groups: { type: "string" },
  },
});
const CONNECTIONS = Number(args.connections);
const DURATION = Number(args.duration);
const RATE = Number(args.rate);
const SATURATION = Number(args.saturation);
const USERS = Math.max(CONNECTIONS, 1000);
const PROCESSES = Number(args.processes);
const SATURATED = MIX.filter((g) => !args.groups || args.groups.split(",").some((name) => g.name.startsWith(name)));

type User = SeededUser & { token: string };
type Row = {
  scenario: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  s5xx: number;
  /** 1-minute load average when the scenario ended: the machine's own busyness. */
  load: number;
  /** CPU milliseconds the API process spent per request (saturation, one API process only). */
  cpuMsPerRequest?: number;
};

const children: ChildProcess[] = [];
function stopChildren(): void {
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
}
process.on("exit", stopChildren);

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Waits until the API has worked off the previous scenario's backlog (a /healthz round
 * trip under 50 ms, or 30 s): Node finishes requests whose clients have gone, so a
 * saturated scenario leaves seconds of work behind, which must not be charged to the next.
 */
async function coolDown(base: string): Promise<void> {
  for (const start = Date.now(); Date.now() - start < 30_000; ) {
    const t0 = performance.now();
    await fetch(`${base}/healthz`).catch(() => undefined);
    if (performance.now() - t0 < 50) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function summarize(scenario: string, connections: number, r: autocannon.Result): Row {
  const codes = r as unknown as Record<string, number>;
  return {
    scenario,
    connections,
    requests: r.requests.total,
    rps: Math.round(r.requests.total / Math.max(r.duration, 1)),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    s5xx: codes["5xx"] ?? 0,
    load: Number(loadavg()[0]!.toFixed(1)),
  };
}

/** The API process's CPU seconds so far (its /metrics), or undefined if it cannot be read. */
async function apiCpuSeconds(base: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${base}/metrics`)).text();
    const match = /^coherence_process_cpu_seconds_total (\S+)$/m.exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return await new Promise((resolvePromise, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolvePromise(result)));
  });
}

/**
 * Requests for one group: each connection is one signed-in user (users are dealt out in
 * turn across all groups) cycling through the group's paths on one of its own videos.
 */
function groupRequests(group: Group, deal: () => User): autocannon.Request[] {
  return group.paths.map((path) => ({
    method: "GET",
    path: `/api/v1${path}`,
    setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
      context.user ??= deal();
      const user = context.user as User;
      const videoId = user.videoIds[Math.floor(Math.random() * user.videoIds.length)] ?? "";
      return {
        ...req,
        path: `/api/v1${path.replace("{id}", videoId)}`,
        headers: { ...req.headers, authorization: `Bearer ${user.token}` },
      };
    },
  })) as autocannon.Request[];
}

/** A small real MP4 for uploads (ffmpeg), made once. */
function sampleVideo(): Buffer | undefined {
  const file = join(tmpdir(), "coherence-bench-sample.mp4");
  if (!existsSync(file)) {
    try {
      execFileSync("ffmpeg", [
        "-y",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc=duration=3:size=320x240:rate=15",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=220:duration=3",
        "-shortest",
        "-c:v",
        "libx264",
        "-c:a",
        "aac",
        file,
      ]);
    } catch {
      return undefined;
    }
  }
  return Buffer.from(execFileSync("cat", [file]));
}

/** Uploads at a steady, realistic rate while the read load runs; returns status counts. */
async function uploadLoop(opts: { url: string; path: string; users: User[]; perSecond: number; seconds: number }) {
  const video = sampleVideo();
  const counts: Record<string, number> = {};
  if (!video) return { skipped: "ffmpeg could not make a sample video", counts };
  const total = Math.round(opts.perSecond * opts.seconds);
  const latencies: number[] = [];
  const tasks: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    await new Promise((r) => setTimeout(r, 1000 / opts.perSecond));
    const user = opts.users[(i * 7919) % opts.users.length]!;
    tasks.push(
      (async () => {
        const form = new FormData();
        form.set("file", new Blob([new Uint8Array(video)], { type: "video/mp4" }), `bench-${i}.mp4`);
        form.set("title", `Bench upload ${i}`);
        const started = performance.now();
        try {
          const res = await fetch(`${opts.url}${opts.path}`, {
            method: "POST",
            body: form,
            headers: { authorization: `Bearer ${user.token}` },
          });
          await res.arrayBuffer();
          counts[String(res.status)] = (counts[String(res.status)] ?? 0) + 1;
        } catch {
          counts.error = (counts.error ?? 0) + 1;
        }
        latencies.push(performance.now() - started);
      })(),
    );
  }
  await Promise.all(tasks);
  latencies.sort((a, b) => a - b);
  return {
    counts,
    p50: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0),
    p99: Math.round(latencies[Math.floor(latencies.length * 0.99)] ?? 0),
  };
}

function printTable(rows: Row[], baselineRps: number): void {
  console.log(
    "\n| scenario | conns | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | non-2xx | 5xx | req/s vs hello | API CPU ms/req | load avg |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    const ratio = r.scenario.startsWith("mix") ? "-" : (r.rps / Math.max(baselineRps, 1)).toFixed(2);
    console.log(
      `| ${r.scenario} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.errors} | ${r.non2xx} | ${r.s5xx} | ${ratio} | ${r.cpuMsPerRequest ?? "-"} | ${r.load} |`,
    );
  }
}

async function main(): Promise<void> {
  const dataDir = join(ROOT, ".data", `bench-postgres-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const loadAtStart = loadavg().map((l) => Number(l.toFixed(1)));
  console.log(`load average at start: ${loadAtStart.join(" ")}`);
  console.log(`starting Postgres, seeding ${USERS} users × ${args.videos} analysed talks…`);
  const pgHandle = await startEmbeddedPostgres({ dataDir, persistent: false });
  try {
    const url = await ensureDatabase(pgHandle.url, "coherence_bench");
    await migrate({ url });
    const seeded = await seedUsers(url, { users: USERS, videosPerUser: Number(args.videos) });
    const users: User[] = [];
    for (const u of seeded) {
      users.push({
        ...u,
        token: await signAccessToken({ userId: u.id, role: "user" }, { secret: AUTH_SECRET, ttlSeconds: 3600 }),
      });
    }

    const apiPort = await findFreePort();
    const api = spawn(TS_NODE[0], [...TS_NODE.slice(1), "packages/api/src/main.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        // BENCH_API_NODE_OPTIONS=--cpu-prof profiles the API only.
        ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
        NODE_ENV: "production",
        DATABASE_URL: url,
        AUTH_SECRET,
        API_PORT: String(apiPort),
        LOG_LEVEL: args["log-level"],
        LOG_PRETTY: "false",
        DB_POOL_MAX: args.pool,
        API_PROCESSES: String(PROCESSES),
        // Saturation sends far more than a person would; the limiter still counts every call.
        RATE_LIMIT_API_MAX: "1000000",
        STORAGE_DIR: join(dataDir, "..", `bench-storage-${process.pid}`),
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(api);
    const base = `http://127.0.0.1:${apiPort}`;
    await waitFor(`${base}/readyz`);

    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths?: Record<string, object> };
    const missing = missingPaths(MIX, Object.keys(doc.paths ?? {}));
    if (missing.length > 0) throw new Error(`the mix names paths the API does not serve: ${missing.join(", ")}`);
    const uploadPath = Object.keys(doc.paths ?? {}).find((p) => /upload$/.test(p));
    let dealt = 0;
    const deal = () => users[dealt++ % users.length]!;

    // Warm-up (JIT, pool connections), not measured.
    await Promise.all(
      MIX.map((g) =>
        cannon({ url: base, connections: 20, duration: 2, requests: groupRequests(g, deal), timeout: 10 }),
      ),
    );

    await coolDown(base);
    // 1. The mix: every connection a signed-in user at RATE requests/s, every group at once, uploads beside.
    const split = splitConnections(MIX, CONNECTIONS);
    console.log(
      `\nmix: ${CONNECTIONS} users × ${RATE} req/s for ${DURATION}s (${MIX.map((g, i) => `${g.name} ${split[i]}`).join(", ")})` +
        `${uploadPath ? `, ${args.uploads} uploads/s` : ""}…`,
    );
    const [rows, uploads] = await Promise.all([
      Promise.all(
        MIX.map(async (g, i): Promise<Row> => {
          if (RATE >= 1) {
            const r = await cannon({
              url: base,
              connections: split[i]!,
              duration: DURATION,
              connectionRate: RATE,
              requests: groupRequests(g, deal),
              timeout: 10,
            });
            return summarize(`mix: ${g.name}`, split[i]!, r);
          }
          // Below one request a second, autocannon can only fire each second's quota at once.
          const r = await runPacedUsers({
            base,
            users: Array.from({ length: split[i]! }, deal),
            paths: g.paths,
            ratePerUser: RATE,
            seconds: DURATION,
          });
          return {
            scenario: `mix: ${g.name}`,
            connections: split[i]!,
            requests: r.requests,
            rps: Math.round(r.requests / DURATION),
            p50: quantile(r.latencies, 0.5),
            p90: quantile(r.latencies, 0.9),
            p99: quantile(r.latencies, 0.99),
            max: quantile(r.latencies, 1),
            errors: r.errors,
            non2xx: r.non2xx,
            s5xx: r.s5xx,
            load: Number(loadavg()[0]!.toFixed(1)),
          };
        }),
      ),
      uploadPath
        ? uploadLoop({
            url: base,
            path: `/api/v1${uploadPath}`,
            users,
            perSecond: Number(args.uploads),
            seconds: DURATION,
          })
        : Promise.resolve(undefined),
    ]);
    const total = rows.reduce((t, r) => ({ requests: t.requests + r.requests, errors: t.errors + r.errors + r.s5xx }), {
      requests: 0,
      errors: 0,
    });

    // 2. Saturation: each group alone, all connections back to back (maximum throughput).
    for (const g of SATURATED) {
      await coolDown(base);
      console.log(`saturation: ${g.name}…`);
      // With one process, /metrics is that process: its CPU per request does not depend on how
      // busy the rest of the machine is, unlike req/s (work still queued at either end roughly cancels).
      const cpuBefore = PROCESSES === 1 ? await apiCpuSeconds(base) : undefined;
      const r = await cannon({
        url: base,
        connections: CONNECTIONS,
        duration: SATURATION,
        requests: groupRequests(g, deal),
        timeout: 10,
      });
      const cpuAfter = cpuBefore === undefined ? undefined : await apiCpuSeconds(base);
      const row = summarize(`saturation: ${g.name}`, CONNECTIONS, r);
      if (cpuBefore !== undefined && cpuAfter !== undefined && row.requests > 0) {
        row.cpuMsPerRequest = Number((((cpuAfter - cpuBefore) * 1000) / row.requests).toFixed(2));
      }
      rows.push(row);
    }
    // The API's processes must be gone before the baseline takes the cores.
    await new Promise((r) => {
      api.once("exit", r);
      api.kill("SIGTERM");
    });

    // 3. Baseline: bare Express hello, same machine, same connections.
    const hello = spawn(TS_NODE[0], [...TS_NODE.slice(1), "bench/load/hello.ts"], {
      cwd: ROOT,
      env: { ...process.env, HELLO_PROCESSES: String(PROCESSES) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(hello);
    const helloPort = await new Promise<number>((r) =>
      hello.stdout?.once("data", (d: Buffer) => r(Number(String(d).split(" ")[1]))),
    );
    console.log("baseline: bare Express hello…");
    const baseline = summarize(
      "baseline: Express hello",
      CONNECTIONS,
      await cannon({
        url: `http://127.0.0.1:${helloPort}/`,
        connections: CONNECTIONS,
        duration: SATURATION,
        timeout: 10,
      }),
    );
    rows.push(baseline);
    hello.kill("SIGTERM");

    printTable(rows, baseline.rps);
    console.log(
      `\nmix total: ${total.requests} requests, ${Math.round(total.requests / DURATION)} req/s, ${total.errors} errors`,
    );
    if (uploads) console.log(`uploads: ${JSON.stringify(uploads)}`);
    const mixRows = rows.filter((r) => r.scenario.startsWith("mix"));
    const worstP99 = Math.max(...mixRows.map((r) => r.p99));
    console.log(
      `goal (mix, ${CONNECTIONS} connections): worst group p99 ${worstP99} ms ≤ 200 ms: ${worstP99 <= 200 ? "met" : "NOT met"}; ` +
        `errors ${total.errors}: ${total.errors === 0 ? "met" : "NOT met"}; load average ${loadAtStart.join(" ")} → ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}`,
    );
    mkdirSync(join(ROOT, "artifacts"), { recursive: true });
    writeFileSync(
      join(ROOT, "artifacts", "bench-load.json"),
      JSON.stringify({ at: new Date().toISOString(), args, loadAtStart, rows, uploads }, null, 2),
    );
  } finally {
    stopChildren();
    await pgHandle.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    stopChildren();
    process.exit(1);
  },
);
