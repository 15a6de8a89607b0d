// Users who think between clicks: each simulated user holds its own keep-alive connection
// and sends its next request after an exponentially distributed pause (mean 1/rate s), so
// arrivals are spread like independent people rather than fired in one burst per second
// (autocannon's overallRate sends each second's quota at once, which measures the burst).
import http from "node:http";

export type PacedUser = { token: string; videoIds: string[] };
export type PacedResult = { latencies: number[]; errors: number; non2xx: number; s5xx: number; requests: number };

function request(agent: http.Agent, url: URL, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers: { authorization: `Bearer ${token}` }, timeout: 10_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

/** Runs `users` for `seconds`, each cycling through `paths` (`{id}` = one of its videos). */
export async function runPacedUsers(opts: {
  base: string;
  users: PacedUser[];
  paths: string[];
  ratePerUser: number;
  seconds: number;
}): Promise<PacedResult> {
  const result: PacedResult = { latencies: [], errors: 0, non2xx: 0, s5xx: 0, requests: 0 };
  const end = Date.now() + opts.seconds * 1000;
  const pause = () => (-Math.log(1 - Math.random()) / opts.ratePerUser) * 1000;
  await Promise.all(
    opts.users.map(async (user, u) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      let next = Date.now() + pause();
      for (let i = u; ; i++) {
        const wait = next - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (Date.now() >= end) break;
        const path = opts.paths[i % opts.paths.length]!;
        const videoId = user.videoIds[Math.floor(Math.random() * user.videoIds.length)] ?? "";
        const url = new URL(`/api/v1${path.replace("{id}", videoId)}`, opts.base);
        const t0 = performance.now();
        try {
          const status = await request(agent, url, user.token);
          result.latencies.push(performance.now() - t0);
          if (status < 200 || status >= 300) result.non2xx++;
          if (status >= 500) result.s5xx++;
        } catch {
          result.errors++;
        }
        result.requests++;
        next += pause();
      }
      agent.destroy();
    }),
  );
  return result;
}

/** The q-quantile (0–1) of sorted-on-demand latencies, in whole ms. */
export function quantile(latencies: number[], q: number): number {
  if (latencies.length === 0) return 0;
  const sorted = [...latencies].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}
