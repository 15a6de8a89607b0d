// The API's CPU per request, build against build, in one run: each build's API (its own
// checkout's packages/api/src/main.ts, or this one with other environment variables) is started
// in turn on the same seeded database and driven by autocannon with a few connections, far from
// saturation, and the API's processes' CPU (from /proc) is divided by the requests sent. The
// builds alternate for `--rounds` rounds, so a machine that gets busier or quieter meanwhile
// moves them alike. For levers: compare main's checkout with this one, or one checkout with and
// without an environment variable.
// Usage: pnpm tsx bench/load/cpu-ab.ts [--build a=/work/main] [--build b=.] [--build c=.:LOG_LEVEL=warn]
//          [--groups status,results] [--seconds 4] [--connections 20] [--rounds 3] [--users 100]
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, findFreePort, migrate, signAccessToken, startEmbeddedPostgres } from "@coherence/core";
import autocannon from "autocannon";
import { waitUntilIdle } from "./meter";
import { MIX } from "./mix";
import { treeCpu } from "./proc-cpu";
import { seedUsers } from "./seed";

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
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

const dataDir = join(ROOT, ".data", `cpu-ab-postgres-${process.pid}`);
rmSync(dataDir, { recursive: true, force: true });
const pgHandle = await startEmbeddedPostgres({ dataDir, persistent: false });
try {
  const url = await ensureDatabase(pgHandle.url, "coherence_cpu_ab");
  await migrate({ url });
  const users = await seedUsers(url, { users: Number(args.users), videosPerUser: 8 });
  const tokens = await Promise.all(
    users.map((u) => signAccessToken({ userId: u.id, role: "user" }, { secret: SECRET, ttlSeconds: 3600 })),
  );
  const results = new Map<string, number[]>();
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const build of builds) {
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
          RATE_LIMIT_API_MAX: "1000000",
          STORAGE_DIR: join(dataDir, "..", `cpu-ab-storage-${process.pid}`),
          ...build.env,
        },
        stdio: ["ignore", "ignore", "inherit"],
      });
      try {
        const base = `http://127.0.0.1:${port}`;
        await waitFor(`${base}/readyz`);
        for (const group of groups) {
          let dealt = 0;
          const requests = group.paths.map((path) => ({
            method: "GET",
            path: `/api/v1${path}`,
            setupRequest: (req: autocannon.Request, context: Record<string, unknown>) => {
              context.user ??= dealt++ % users.length;
              const u = context.user as number;
              const ids = users[u]!.videoIds;
              const id = ids[Math.floor(Math.random() * ids.length)] ?? "";
              return {
                ...req,
                path: `/api/v1${path.replace("{id}", id)}`,
                headers: { authorization: `Bearer ${tokens[u]}` },
              };
            },
          })) as autocannon.Request[];
          const run = (seconds: number) =>
            new Promise<autocannon.Result>((ok, fail) =>
              autocannon(
                { url: base, connections: Number(args.connections), duration: seconds, requests, timeout: 10 },
                (err, r) => (err ? fail(err) : ok(r)),
              ),
            );
          await run(1); // warm-up: JIT, pool, session cache
          await waitUntilIdle(api.pid ?? 0);
          const before = treeCpu(api.pid ?? 0)?.own ?? 0;
          const r = await run(Number(args.seconds));
          await waitUntilIdle(api.pid ?? 0);
          const used = (treeCpu(api.pid ?? 0)?.own ?? 0) - before;
          const sent = (r.requests as { sent?: number }).sent ?? r.requests.total;
          if (r.non2xx > 0 || r.errors > 0)
            console.error(`${build.name} ${group.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
          const key = `${group.name}\t${build.name}`;
          results.set(key, [...(results.get(key) ?? []), (used * 1000) / sent]);
          console.error(
            `round ${round + 1} ${build.name} ${group.name}: ${((used * 1000) / sent).toFixed(3)} ms/req (${sent} requests)`,
          );
        }
      } finally {
        await new Promise((r) => {
          api.once("exit", r);
          api.kill("SIGTERM");
        });
      }
    }
  }
  console.log(`| group | ${builds.map((b) => `${b.name} API CPU ms/req (each round)`).join(" | ")} |`);
  console.log(`| --- | ${builds.map(() => "---").join(" | ")} |`);
  for (const group of groups) {
    const cells = builds.map((b) => {
      const xs = results.get(`${group.name}\t${b.name}`) ?? [];
      const median = [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
      return `**${median.toFixed(2)}** (${xs.map((x) => x.toFixed(2)).join(", ")})`;
    });
    console.log(`| ${group.name} | ${cells.join(" | ")} |`);
  }
} finally {
  await pgHandle.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
