// Streams a generated 2 GiB video through POST /api/videos/upload and reports
// throughput and the API process's peak RSS (goal: growth <= 100 MB).
//
//   pnpm bench:upload            (2 GiB)
//   BENCH_UPLOAD_BYTES=536870912 pnpm bench:upload
//
// The file is a real 2-second MP4 followed by a top-level "free" box that pads it
// to the target size, generated on the fly: it passes sniffing, the container
// check and ffprobe, so the whole upload path runs, not just the byte copy.
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { createDb, ensureDatabase, migrate, signAccessToken, startEmbeddedPostgres } from "@coherence/core";

const TOTAL = Number(process.env.BENCH_UPLOAD_BYTES ?? 2 * 1024 ** 3);
const SECRET = "bench-secret-bench-secret-bench-secret-00";
const MiB = 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), "coherence-bench-"));
chmodSync(work, 0o755); // as root, Postgres runs as its own user and must reach its data dir

function rssOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;

async function main(): Promise<void> {
  const sample = join(work, "sample.mp4");
  execFileSync("ffmpeg", [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi"],
    ...["-i", "sine=frequency=440", "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
    ...["-c:a", "aac", sample],
  ]);
  const mp4 = readFileSync(sample);

  const postgres = await startEmbeddedPostgres({ dataDir: join(work, "pg"), persistent: false, fast: true });
  const dbUrl = await ensureDatabase(postgres.url, "bench");
  await migrate({ url: dbUrl });
  const userId = randomUUID();
  const { db } = createDb({ url: dbUrl, poolMax: 1 });
  await db
    .insertInto("users")
    .values({ id: userId, email: `${userId}@bench.test` })
    .execute();
  await db.destroy();
  const token = await signAccessToken({ userId, role: "user" }, { secret: SECRET });

  const storageDir = join(work, "storage");
  const child = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, "api-server.ts")], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: "warn",
      AUTH_SECRET: SECRET,
      STORAGE_DRIVER: "fs",
      STORAGE_DIR: storageDir,
      UPLOAD_MAX_BYTES: String(TOTAL + 64 * MiB),
      BENCH_DATABASE_URL: dbUrl,
      DATA_DIR: work,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const pid = child.pid as number;
  try {
    const line = await new Promise<string>((ok, fail) => {
      createInterface({ input: child.stdout }).once("line", ok);
      child.once("exit", (code) => fail(new Error(`API exited early (${code})`)));
    });
    const { url } = JSON.parse(line) as { url: string };
    // Warm up (route, JIT, DB pool) so that the baseline is the idle, ready server.
    for (let i = 0; i < 3; i++) await fetch(`${url}/api/health`).then((r) => r.arrayBuffer());
    await new Promise((r) => setTimeout(r, 500));
    const baseline = rssOf(pid).rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssOf(pid).rss);
    }, 50);

    const boundary = `----bench${randomUUID()}`;
    const preamble = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\n` +
        "Content-Type: video/mp4\r\n\r\n",
    );
    const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
    const padSize = TOTAL - mp4.length;
    const freeHeader = Buffer.alloc(16);
    freeHeader.writeUInt32BE(1, 0); // 64-bit size follows
    freeHeader.write("free", 4, "latin1");
    freeHeader.writeBigUInt64BE(BigInt(padSize), 8);
    const contentLength = preamble.length + TOTAL + epilogue.length;
    const zeros = Buffer.alloc(MiB);

    const started = process.hrtime.bigint();
    const result = await new Promise<{ status: number; body: string }>((ok, fail) => {
      const req = request(`${url}/api/videos/upload`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": String(contentLength),
        },
      });
      req.on("response", async (res) => {
        const chunks: Buffer[] = [];
        for await (const c of res) chunks.push(c as Buffer);
        ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
      });
      req.on("error", fail);
      let left = padSize - freeHeader.length;
      req.write(preamble);
      req.write(mp4);
      req.write(freeHeader);
      const pump = () => {
        while (left > 0) {
          const n = Math.min(left, zeros.length);
          left -= n;
          if (!req.write(n === zeros.length ? zeros : zeros.subarray(0, n))) {
            req.once("drain", pump);
            return;
          }
        }
        req.end(epilogue);
      };
      pump();
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const { hwm } = rssOf(pid);
    peak = Math.max(peak, rssOf(pid).rss);
    if (result.status !== 201) throw new Error(`upload failed: ${result.status} ${result.body}`);
    const video = (JSON.parse(result.body) as { video: { sizeBytes: number; status: string } }).video;
    console.log(
      JSON.stringify(
        {
          bytes: TOTAL,
          storedBytes: video.sizeBytes,
          status: video.status,
          seconds: Number(seconds.toFixed(2)),
          throughputMBps: Number((TOTAL / MiB / seconds).toFixed(1)),
          apiRssBaselineMB: Number((baseline / MiB).toFixed(1)),
          apiRssPeakSampledMB: Number((peak / MiB).toFixed(1)),
          apiRssHighWaterMarkMB: Number((hwm / MiB).toFixed(1)),
          apiRssGrowthMB: Number(((Math.max(peak, hwm) - baseline) / MiB).toFixed(1)),
          goalGrowthMB: 100,
        },
        null,
        2,
      ),
    );
    console.log(
      `upload ${mb(TOTAL)} in ${seconds.toFixed(1)} s = ${(TOTAL / MiB / seconds).toFixed(1)} MB/s; ` +
        `API RSS ${mb(baseline)} -> peak ${mb(Math.max(peak, hwm))} (growth ${mb(Math.max(peak, hwm) - baseline)}, goal <= 100 MB)`,
    );
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
