// The API's CPU per request, build against build, in one run: every build's API (its own
// checkout's packages/api/src/main.ts, or this one with other environment variables) runs on the
// same seeded database, and they take turns: a short autocannon burst with a few connections
// (far from saturation) on one, then the same on the next, for `--rounds` rounds per group. The
// API's processes' CPU (from /proc, until the API is idle again) is divided by the requests sent.
// Alternating short bursts makes a machine that gets busier or quieter move every build alike.
// For levers: compare main's checkout with this one, or one checkout with and without a variable.
// Usage: pnpm tsx bench/load/cpu-ab.ts [--build a=/work/main] [--build b=.] [--build c=.:LOG_LEVEL=warn]
//          [--groups status,results] [--seconds 4] [--connections 20] [--rounds 3] [--users 100]
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, findFreePort, migrate, signAccessToken, startEmbeddedPostgres } from "@coherence/core";
import autocannon from "autocannon";
import { waitUntilIdle } from "./meter";
import { type Group, MIX } from "./mix";
import { treeCpu } from "./proc-cpu";
import { type SeededUser, seedUsers } from "./seed";

const ROOT = resolve(import.meta.dirname, "../..");
const SECRET = "bench-secret-bench-secret-bench-secret-0123";
const { values: args } = parseArgs({
  options: {
    build: { type: "string", multiple: true, default: ["main=/work/main", "branch=."] },
    groups: { type: "string", default: "status,list,results,video,analytics,me" },
    seconds: { type: "string", default: "4" },
    connections: { type: "string", default: "20" },
    rounds: { type: "string", default: "3" },
    users: { type: "string", default: "100" },
  },
});

/** `name=dir[:VAR=value[:VAR=value…]]`: a checkout and the extra environment of its API. */
function parseBuild(spec: string) {
  const [name = spec, rest = "."] = spec.split(/=(.*)/s);
  const [dir = ".", ...vars] = rest.split(":");
  const env = Object.fromEntries(vars.map((v) => v.split(/=(.*)/s) as [string, string]));
  return { name, dir: resolve(ROOT, dir), env };
}
const builds = args.build.map(parseBuild);
const groups = MIX.filter((g) => args.groups.split(",").some((n) => g.name.startsWith(n)));

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

type Api = { base: string; pid: number; stop: () => Promise<void> };

async function startApi(build: ReturnType<typeof parseBuild>, url: string): Promise<Api> {
  const port = await findFreePort();
  const api = spawn(process.execPath, ["--import", "tsx", "packages/api/src/main.ts"], {
    cwd: build.dir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: url,
      AUTH_SECRET: SECRET,
      API_PORT: String(port),
      LOG_LEVEL: "info",
      LOG_PRETTY: "false",
      DB_POOL_MAX: "20",
      // One process (production would default to one per core): its CPU is the API's, undiluted.
      API_PROCESSES: "1",
      RATE_LIMIT_API_MAX: "1000000",
      STORAGE_DIR: join(ROOT, ".data", `cpu-ab-storage-${process.pid}`),
      ...build.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const stop = () =>
    new Promise<void>((r) => {
      if (api.exitCode !== null) return r();
      api.once("exit", () => r());
      api.kill("SIGTERM");
    });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/readyz`);
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, pid: api.pid ?? 0, stop };
}

let users: SeededUser[] = [];
let tokens: string[] = [];

/** One burst of `seconds` on one group, each connection one user. */
function burst(base: string, group: Group, seconds: number): Promise<autocannon.Result> {
  let dealt = 0;
  const requests = group.paths.map((path) => ({
    method: "GET",
    path: `/api/v1${path}`,
    setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
      context.user ??= dealt++ % users.length;
      const u = context.user as number;
      const ids = users[u]!.videoIds;
      const id = ids[Math.floor(Math.random() * ids.length)] ?? "";
      return { ...req, path: `/api/v1${path.replace("{id}", id)}`, headers: { authorization: `Bearer ${tokens[u]}` } };
    },
  })) as autocannon.Request[];
  return new Promise((ok, fail) =>
    autocannon(
      { url: base, connections: Number(args.connections), duration: seconds, requests, timeout: 10 },
      (err, r) => (err ? fail(err) : ok(r)),
    ),
  );
}

const dataDir = join(ROOT, ".data", `cpu-ab-postgres-${process.pid}`);
rmSync(dataDir, { recursive: true, force: true });
const pgHandle = await startEmbeddedPostgres({ dataDir, persistent: false });
try {
  const url = await ensureDatabase(pgHandle.url, "coherence_cpu_ab");
  await migrate({ url });
  users = await seedUsers(url, { users: Number(args.users), videosPerUser: 8 });
  tokens = await Promise.all(
    users.map((u) => signAccessToken({ userId: u.id, role: "user" }, { secret: SECRET, ttlSeconds: 3600 })),
  );
  // Every build's API runs for the whole measurement; the builds take turns in short bursts.
  const apis = await Promise.all(builds.map((build) => startApi(build, url)));
  try {
    const totals = new Map<string, { cpu: number; sent: number; bursts: number[] }>();
    for (const group of groups) {
      for (const api of apis) await burst(api.base, group, 1); // warm-up: JIT, pool, session cache
      for (let round = 0; round < Number(args.rounds); round++) {
        for (const [i, api] of apis.entries()) {
          await waitUntilIdle(api.pid);
          const before = treeCpu(api.pid)?.own ?? 0;
          const r = await burst(api.base, group, Number(args.seconds));
          await waitUntilIdle(api.pid);
          const used = (treeCpu(api.pid)?.own ?? 0) - before;
          const sent = (r.requests as { sent?: number }).sent ?? r.requests.total;
          if (r.non2xx > 0 || r.errors > 0)
            console.error(`${builds[i]!.name} ${group.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
          const key = `${group.name}\t${builds[i]!.name}`;
          const t = totals.get(key) ?? { cpu: 0, sent: 0, bursts: [] };
          totals.set(key, { cpu: t.cpu + used, sent: t.sent + sent, bursts: [...t.bursts, (used * 1000) / sent] });
          console.error(
            `${group.name} round ${round + 1} ${builds[i]!.name}: ${((used * 1000) / sent).toFixed(3)} ms/req (${sent})`,
          );
        }
      }
    }
    console.log(`| group | ${builds.map((b) => `${b.name}: API CPU ms/req (bursts)`).join(" | ")} |`);
    console.log(`| --- | ${builds.map(() => "---").join(" | ")} |`);
    for (const group of groups) {
      const cells = builds.map((b) => {
        const t = totals.get(`${group.name}\t${b.name}`);
        return t
          ? `**${((t.cpu * 1000) / t.sent).toFixed(2)}** (${t.bursts.map((x) => x.toFixed(2)).join(", ")})`
          : "-";
      });
      console.log(`| ${group.name} | ${cells.join(" | ")} |`);
    }
  } finally {
    for (const api of apis) await api.stop();
  }
} finally {
  await pgHandle.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
