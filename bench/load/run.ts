// Load test: a real API process on an embedded Postgres, driven by autocannon from this
// (second) process on loopback, with 1000+ signed-in users. Usage:
//   pnpm bench:load [--connections 1000] [--duration 10] [--rate 1] [--saturation 5] [--pool 20]
// Prints p50/p99/errors/throughput per scenario and the ratio to a bare Express "hello".
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, findFreePort, migrate, signAccessToken, startEmbeddedPostgres } from "@coherence/core";
import autocannon from "autocannon";
import pg from "pg";
import { discoverGetEndpoints, type Endpoint, fillPath } from "./endpoints";

const ROOT = resolve(import.meta.dirname, "../..");
// node --import tsx: one process per program, so signals and profiles are the program's own.
const TS_NODE = [process.execPath, "--import", "tsx"] as const;
const AUTH_SECRET = "bench-secret-bench-secret-bench-secret-0123";

const { values: args } = parseArgs({
  options: {
    connections: { type: "string", default: "1000" },
    duration: { type: "string", default: "10" },
    rate: { type: "string", default: "1" },
    saturation: { type: "string", default: "5" },
    pool: { type: "string", default: "20" },
    "log-level": { type: "string", default: "info" },
    uploads: { type: "string", default: "1" },
  },
});
const CONNECTIONS = Number(args.connections);
const DURATION = Number(args.duration);
const RATE = Number(args.rate);
const SATURATION = Number(args.saturation);
const USERS = Math.max(CONNECTIONS, 1000);

type User = { id: string; token: string; videoId: string };
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

async function seed(url: string): Promise<User[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; video_id: string }>(
      `with u as (
         insert into users (email, name) select 'load-' || g || '@bench.invalid', 'Load ' || g
         from generate_series(1, $1::int) g returning id
       ), v as (
         insert into videos (user_id, title, status, stage, progress, size_bytes, duration_seconds)
         select id, 'Bench talk', 'complete', 'done', 100, 1048576, 120 from u returning id, user_id
       ), a as (
         insert into analyses (video_id, coherence_score, score_tier) select id, 72, 'good' from v returning video_id
       )
       select v.user_id as id, v.id as video_id from v`,
      [USERS],
    );
    const users: User[] = [];
    for (const r of rows) {
      users.push({
        id: r.id,
        videoId: r.video_id,
        token: await signAccessToken({ userId: r.id, role: "user" }, { secret: AUTH_SECRET, ttlSeconds: 3600 }),
      });
    }
    return users;
  } finally {
    await client.end();
  }
}

function summarize(scenario: string, connections: number, r: autocannon.Result): Row {
  const codes = r as unknown as Record<string, number>;
  return {
    scenario,
    connections,
    requests: r.requests.total,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    s5xx: codes["5xx"] ?? 0,
  };
}

async function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return await new Promise((resolvePromise, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolvePromise(result)));
  });
}

/** Requests for one connection: each connection is one signed-in user cycling through the endpoints. */
function userRequests(endpoints: Endpoint[], users: User[]): autocannon.Request[] {
  let next = 0;
  return endpoints.map((ep) => ({
    method: ep.method,
    path: ep.path,
    setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
      context.user ??= users[next++ % users.length];
      const user = context.user as User;
      return {
        ...req,
        path: fillPath(ep.path, user.videoId),
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

async function main(): Promise<void> {
  const dataDir = join(ROOT, ".data", `bench-postgres-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`starting Postgres, seeding ${USERS} users…`);
  const pgHandle = await startEmbeddedPostgres({ dataDir, persistent: false });
  try {
    const url = await ensureDatabase(pgHandle.url, "coherence_bench");
    await migrate({ url });
    const users = await seed(url);

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
        STORAGE_DIR: join(dataDir, "..", `bench-storage-${process.pid}`),
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(api);
    const base = `http://127.0.0.1:${apiPort}`;
    await waitFor(`${base}/readyz`);

    const doc = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as Parameters<
      typeof discoverGetEndpoints
    >[0];
    const { endpoints: discovered, skipped } = discoverGetEndpoints(doc, "/api/v1");
    const endpoints: Endpoint[] = [
      ...discovered,
      { name: "GET /readyz", method: "GET", path: "/readyz", authed: false },
    ];
    const uploadPath = Object.keys(doc.paths ?? {}).find((p) => /upload/.test(p) && doc.paths?.[p]?.post);
    console.log(`endpoints: ${endpoints.map((e) => e.name).join(", ")}`);
    for (const s of skipped) console.log(`skipped ${s.path}: ${s.reason}`);

    // Warm-up (JIT, pool connections), not measured.
    await cannon({
      url: base,
      connections: Math.min(CONNECTIONS, 100),
      duration: 2,
      requests: userRequests(endpoints, users),
      timeout: 10,
    });

    const rows: Row[] = [];
    // 1. Realistic: every connection is a signed-in user polling at RATE requests/s across the mix.
    console.log(
      `\nscenario users: ${CONNECTIONS} users × ${RATE} req/s for ${DURATION}s${uploadPath ? `, uploads to ${uploadPath}` : ""}…`,
    );
    const [mixed, uploads] = await Promise.all([
      cannon({
        url: base,
        connections: CONNECTIONS,
        duration: DURATION,
        connectionRate: RATE,
        requests: userRequests(endpoints, users),
        timeout: 10,
      }),
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
    rows.push(summarize(`users: mixed at ${RATE} req/s each`, CONNECTIONS, mixed));

    // 2. Saturation: each endpoint alone, connections sending back to back.
    for (const ep of endpoints) {
      console.log(`scenario saturation: ${ep.name}…`);
      const r = await cannon({
        url: base,
        connections: CONNECTIONS,
        duration: SATURATION,
        requests: userRequests([ep], users),
        timeout: 10,
      });
      rows.push(summarize(`saturation: ${ep.name}`, CONNECTIONS, r));
    }
    api.kill("SIGTERM");

    // 3. Baseline: bare Express hello, same machine, same connections.
    const hello = spawn(TS_NODE[0], [...TS_NODE.slice(1), "bench/load/hello.ts"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(hello);
    const helloPort = await new Promise<number>((r) =>
      hello.stdout?.once("data", (d: Buffer) => r(Number(String(d).split(" ")[1]))),
    );
    console.log("scenario baseline: bare Express hello…");
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

    console.log(
      "\n| scenario | conns | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors | non-2xx | 5xx | req/s vs hello |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (const r of rows) {
      const ratio =
        r.scenario.startsWith("saturation") || r.scenario.startsWith("baseline")
          ? (r.rps / Math.max(baseline.rps, 1)).toFixed(2)
          : "-";
      console.log(
        `| ${r.scenario} | ${r.connections} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${r.errors} | ${r.non2xx} | ${r.s5xx} | ${ratio} |`,
      );
    }
    if (uploads) console.log(`\nuploads: ${JSON.stringify(uploads)}`);
    else console.log("\nuploads: no upload endpoint in the OpenAPI document yet; none sent");
    const goal = rows[0]!;
    console.log(
      `\ngoal (users scenario, ${CONNECTIONS} connections): p99 ${goal.p99} ms ≤ 200 ms: ${goal.p99 <= 200 ? "met" : "NOT met"}; errors ${goal.errors + goal.s5xx}: ${goal.errors + goal.s5xx === 0 ? "met" : "NOT met"}`,
    );
    mkdirSync(join(ROOT, "artifacts"), { recursive: true });
    writeFileSync(
      join(ROOT, "artifacts", "bench-load.json"),
      JSON.stringify({ at: new Date().toISOString(), args, rows, uploads, skipped }, null, 2),
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
