// Load test: a real API process on an embedded Postgres, driven by autocannon from this
// (second) process on loopback: 1000 signed-in users in a realistic mix (bench/load/mix.ts)
// plus uploads at a steady rate, then each group saturated alone, then a bare Express
// "hello" with the same connections as the yardstick. Usage:
//   pnpm bench:load [--connections 1000] [--duration 15] [--rate 0.2] [--saturation 5] [--pool 20]
//                   [--videos 8] [--users 1000] [--uploads 2] [--log-level info] [--processes 1]
//                   [--groups results,analytics]   (--duration 0 skips the mix)
// Prints p50/p99/errors/throughput per endpoint group, the load average with every figure,
// and writes artifacts/bench-load.json.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { ensureDatabase, findFreePort, migrate, signAccessToken, startEmbeddedPostgres } from "@coherence/core";
import autocannon from "autocannon";
import { startMeter, type Usage, waitUntilIdle } from "./meter";
import { type Group, MIX, missingPaths, splitConnections } from "./mix";
import { type PacedResult, quantile, runPacedUsers } from "./paced";
import { type SeededUser, seedUsers } from "./seed";
import { steadyThroughput } from "./steady";

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
    // Seeded users (at least one per connection): fewer seed faster, for profiling.
    users: { type: "string", default: "1000" },
    "log-level": { type: "string", default: "info" },
    uploads: { type: "string", default: "2" },
    // API processes (API_PROCESSES); the hello baseline runs on as many, so the shares stay comparable.
    processes: { type: "string", default: "1" },
    // Each paced group of the mix in its own worker thread ("false": all in this thread).
    "client-threads": { type: "string", default: "true" },
    // Saturate only these groups (comma-separated, by name prefix): for profiling one route.
    groups: { type: "string" },
  },
});
const CONNECTIONS = Number(args.connections);
const DURATION = Number(args.duration);
const RATE = Number(args.rate);
const SATURATION = Number(args.saturation);
const USERS = Math.max(CONNECTIONS, Number(args.users));
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
  /** CPU milliseconds the API's processes spent per request (saturation). */
  cpuMsPerRequest?: number;
  /** CPU milliseconds the load generator spent per request (saturation). */
  clientMsPerRequest?: number;
  /** Saturation: when every connection had its first answer (ms); req/s counts what came after. */
  firstRoundMs?: number;
  /** Saturation: how long the API stayed busy after the scenario ended (its backlog), ms. */
  drainMs?: number;
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

async function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return await new Promise((resolvePromise, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolvePromise(result)));
  });
}

/** A saturation run: autocannon's result, with the throughput after the first round (see steady.ts). */
async function saturate(scenario: string, opts: autocannon.Options & { connections: number; duration: number }) {
  const doneAt: number[] = [];
  const t0 = performance.now();
  const result = await new Promise<autocannon.Result>((resolvePromise, reject) => {
    const instance = autocannon(opts, (err, r) => (err ? reject(err) : resolvePromise(r)));
    instance.on("response", () => doneAt.push(performance.now() - t0));
  });
  const steady = steadyThroughput({ doneAt, connections: opts.connections, durationMs: opts.duration * 1000 });
  // Sent, not answered: the server also works off the requests still queued at the end.
  const sent = (result.requests as { sent?: number }).sent ?? result.requests.total;
  return {
    row: { ...summarize(scenario, opts.connections, result), rps: steady.rps, firstRoundMs: steady.firstRoundMs },
    sent,
  };
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

type PacedThread = { run: (opts: Parameters<typeof runPacedUsers>[0]) => Promise<PacedResult> };

/** A worker thread for one paced group (bench/load/paced-worker.ts), resolved once it is loaded. */
function startPacedThread(): Promise<PacedThread> {
  return new Promise((ready, reject) => {
    const worker = new Worker(new URL("./paced-worker.ts", import.meta.url));
    worker.once("error", reject);
    worker.once("message", () =>
      ready({
        run: (opts) =>
          new Promise((resolvePromise) => {
            worker.once("message", (result: PacedResult) => {
              resolvePromise(result);
              void worker.terminate();
            });
            worker.postMessage(opts);
          }),
      }),
    );
  });
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

/**
 * Adds the CPU per request sent: the server's (`usage`, measured until it went idle, so it
 * includes the requests still queued at the end, which `sent` counts) and the load
 * generator's (`client`, over the scenario itself; defaults to `usage`'s).
 */
function withCpu(row: Row, sent: number, usage: Usage, client: Usage = usage): Row {
  if (sent === 0) return row;
  const perRequest = (seconds: number | undefined) =>
    seconds === undefined ? undefined : Number(((seconds * 1000) / sent).toFixed(2));
  return { ...row, cpuMsPerRequest: perRequest(usage.apiCpu), clientMsPerRequest: perRequest(client.clientCpu) };
}

/** One line on what the mix cost each side, in cores (CPU seconds per second). */
function describeMixUsage(u: Usage, requests: number): string {
  const cores = (s: number | undefined) => (s === undefined ? "?" : (s / u.seconds).toFixed(2));
  const perRequest = (s: number | undefined) =>
    s === undefined ? "?" : ((s * 1000) / Math.max(requests, 1)).toFixed(2);
  return (
    `mix CPU: API ${cores(u.apiCpu)} cores (${perRequest(u.apiCpu)} ms per read, uploads' handling included), ` +
    `API's child processes (ffprobe for uploads) ` +
    `${cores(u.apiChildrenCpu)} cores, load generator ${cores(u.clientCpu)} cores (${perRequest(u.clientCpu)} ms/req), ` +
    `its event-loop delay p99 ${u.clientLagP99} ms, max ${u.clientLagMax} ms`
  );
}

function printTable(rows: Row[], baselineRps: number): void {
  console.log(
    "\n| scenario | conns | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | non-2xx | 5xx | first round ms | drain ms | req/s vs hello | server CPU ms/req | client CPU ms/req | load avg |",
  );
  console.log(
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const r of rows) {
    const ratio = r.scenario.startsWith("mix") ? "-" : (r.rps / Math.max(baselineRps, 1)).toFixed(2);
    console.log(
      `| ${r.scenario} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.errors} | ${r.non2xx} | ${r.s5xx} | ${r.firstRoundMs ?? "-"} | ${r.drainMs ?? "-"} | ${ratio} | ${r.cpuMsPerRequest ?? "-"} | ${r.clientMsPerRequest ?? "-"} | ${r.load} |`,
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
    const apiPid = api.pid ?? 0;
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

    await waitUntilIdle(apiPid);
    // 1. The mix: every connection a signed-in user at RATE requests/s, every group at once, uploads beside.
    const split = splitConnections(MIX, CONNECTIONS);
    console.log(
      `\nmix: ${CONNECTIONS} users × ${RATE} req/s for ${DURATION}s (${MIX.map((g, i) => `${g.name} ${split[i]}`).join(", ")})` +
        `${uploadPath ? `, ${args.uploads} uploads/s` : ""}…`,
    );
    const threads =
      RATE < 1 && DURATION > 0 && args["client-threads"] !== "false"
        ? await Promise.all(MIX.map(() => startPacedThread()))
        : [];
    const mixMeter = startMeter(apiPid);
    const [rows, uploads] = await Promise.all([
      Promise.all(
        // --duration 0 skips the mix (saturation only, for profiling).
        (DURATION > 0 ? MIX : []).map(async (g, i): Promise<Row> => {
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
          const paced = {
            base,
            users: Array.from({ length: split[i]! }, deal).map(({ token, videoIds }) => ({ token, videoIds })),
            paths: g.paths,
            ratePerUser: RATE,
            seconds: DURATION,
          };
          const thread = threads[i];
          const r = thread ? await thread.run(paced) : await runPacedUsers(paced);
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
      uploadPath && DURATION > 0
        ? uploadLoop({
            url: base,
            path: `/api/v1${uploadPath}`,
            users,
            perSecond: Number(args.uploads),
            seconds: DURATION,
          })
        : Promise.resolve(undefined),
    ]);
    const mixUsage = mixMeter.stop();
    const total = rows.reduce((t, r) => ({ requests: t.requests + r.requests, errors: t.errors + r.errors + r.s5xx }), {
      requests: 0,
      errors: 0,
    });

    // 2. Saturation: each group alone, all connections back to back (maximum throughput).
    for (const g of SATURATED) {
      await waitUntilIdle(apiPid);
      console.log(`saturation: ${g.name}…`);
      // CPU per request depends far less than req/s on how busy the rest of the machine is.
      // It counts the requests left queued when the scenario ends too (waitUntilIdle).
      const meter = startMeter(apiPid);
      const client = startMeter(undefined);
      const { row, sent } = await saturate(`saturation: ${g.name}`, {
        url: base,
        connections: CONNECTIONS,
        duration: SATURATION,
        requests: groupRequests(g, deal),
        timeout: 10,
      });
      const clientUsage = client.stop();
      const drainStart = performance.now();
      await waitUntilIdle(apiPid);
      // How long the API kept working after the clients stopped: the backlog left behind.
      const drainMs = Math.round(performance.now() - drainStart);
      rows.push({ ...withCpu(row, sent, meter.stop(), clientUsage), drainMs });
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
    const helloMeter = startMeter(hello.pid);
    const { row: baseline, sent: helloSent } = await saturate("baseline: Express hello", {
      url: `http://127.0.0.1:${helloPort}/`,
      connections: CONNECTIONS,
      duration: SATURATION,
      timeout: 10,
    });
    rows.push(withCpu(baseline, helloSent, helloMeter.stop()));
    hello.kill("SIGTERM");

    printTable(rows, baseline.rps);
    console.log(
      `\nmix total: ${total.requests} requests, ${Math.round(total.requests / DURATION)} req/s, ${total.errors} errors`,
    );
    console.log(describeMixUsage(mixUsage, total.requests));
    if (uploads) console.log(`uploads: ${JSON.stringify(uploads)}`);
    const mixRows = rows.filter((r) => r.scenario.startsWith("mix"));
    const worstP99 = Math.max(0, ...mixRows.map((r) => r.p99));
    console.log(
      `goal (mix, ${CONNECTIONS} connections): worst group p99 ${worstP99} ms ≤ 200 ms: ${worstP99 <= 200 ? "met" : "NOT met"}; ` +
        `errors ${total.errors}: ${total.errors === 0 ? "met" : "NOT met"}; load average ${loadAtStart.join(" ")} → ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")}`,
    );
    mkdirSync(join(ROOT, "artifacts"), { recursive: true });
    writeFileSync(
      join(ROOT, "artifacts", "bench-load.json"),
      JSON.stringify({ at: new Date().toISOString(), args, loadAtStart, rows, mixUsage, uploads }, null, 2),
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
