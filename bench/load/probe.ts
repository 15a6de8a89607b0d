// Sequential probe: one API process, one client, no concurrency, so the figures depend far less on
// how busy the machine is than bench:load's req/s. Reads each route for every seeded user (first
// reads, then the same reads again) and prints CPU ms per request (API and client: one process) and
// wall ms per request. Compare routes with `status` from the same run.
// Usage: pnpm tsx bench/load/probe.ts [--users 40] [--videos 8]

import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startApiServer } from "@coherence/api";
import {
  createLogger,
  ensureDatabase,
  loadConfig,
  migrate,
  signAccessToken,
  startEmbeddedPostgres,
} from "@coherence/core";
import { seedUsers } from "./seed";

const { values: args } = parseArgs({
  options: { users: { type: "string", default: "40" }, videos: { type: "string", default: "8" } },
});
const SECRET = "probe-secret-probe-secret-probe-secret-01";
const dataDir = join(resolve(import.meta.dirname, "../.."), ".data", `probe-postgres-${process.pid}`);
rmSync(dataDir, { recursive: true, force: true });
const pgHandle = await startEmbeddedPostgres({ dataDir, persistent: false });
try {
  const url = await ensureDatabase(pgHandle.url, "coherence_probe");
  await migrate({ url });
  const users = await seedUsers(url, { users: Number(args.users), videosPerUser: Number(args.videos) });
  const api = await startApiServer({
    config: loadConfig({
      NODE_ENV: "production",
      DATABASE_URL: url,
      AUTH_SECRET: SECRET,
      RATE_LIMIT_API_MAX: "1000000",
    }),
    logger: createLogger({ level: "silent" }),
    databaseUrl: url,
    port: 0,
  });
  const tokens = await Promise.all(
    users.map((u) => signAccessToken({ userId: u.id, role: "user" }, { secret: SECRET, ttlSeconds: 3600 })),
  );
  const pass = async (label: string, paths: (u: number) => string[]) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    let n = 0;
    for (let u = 0; u < users.length; u++) {
      for (const path of paths(u)) {
        const res = await fetch(`${api.url}/api/v1${path}`, { headers: { authorization: `Bearer ${tokens[u]}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        n++;
      }
    }
    const used = process.cpuUsage(cpu);
    console.log(
      `${label}: ${n} requests, ${((used.user + used.system) / 1000 / n).toFixed(2)} ms CPU/request, ` +
        `${((performance.now() - start) / n).toFixed(2)} ms wall/request`,
    );
  };
  const perVideo = (suffix: string) => (u: number) => users[u]!.videoIds.map((id) => `/videos/${id}${suffix}`);
  const analytics = () => ["/analytics/overview", "/analytics/progress"];
  await pass("warm-up (status)", perVideo("/status"));
  await pass("status", perVideo("/status"));
  await pass("results, first read", perVideo("/results"));
  await pass("results, read again", perVideo("/results"));
  await pass("analytics, first read", analytics);
  await pass("analytics, read again", analytics);
  await api.close();
} finally {
  await pgHandle.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
