import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer } from "node:net";
import { extname, join, normalize } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

import { during, generateTalk } from "@coherence/worker/demo";

export const ROOT = join(import.meta.dirname, "../..");
const run = promisify(execFile);

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export type Child = { name: string; proc: ChildProcess; output: () => string; stop: () => Promise<void> };

/**
 * Starts `pnpm <args>` in its own process group (so stopping it also stops what
 * pnpm started) and keeps the last 200 lines of its output for failure reports.
 */
export function startChild(name: string, args: string[], env: Record<string, string>): Child {
  const proc = spawn("pnpm", args, {
    cwd: ROOT,
    env: { ...process.env, ...env, FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n"));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  return {
    name,
    proc,
    output: () => lines.join("\n"),
    stop: async () => {
      if (proc.exitCode !== null || !proc.pid) return;
      const exited = new Promise<void>((r) => proc.once("exit", () => r()));
      try {
        process.kill(-proc.pid, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-proc.pid!, "SIGKILL");
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 2xx, or throws with the child's output after `timeoutMs`. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`${child.name} exited early:\n${child.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

/** Starts the Vite dev server for the web app on `port`. */
export function startVite(port: number, env: Record<string, string>): Child {
  return startChild(
    "web",
    ["--filter", "@coherence/frontend", "exec", "vite", "--port", String(port), "--strictPort"],
    {
      FRONTEND_PORT: String(port),
      ...env,
    },
  );
}

/** Encodes an ffmpeg test pattern (plus `args`: more inputs, filters) as an H.264 MP4 that plays while downloading. */
async function ffmpegTestPattern(opts: { pattern: string; args: string[]; mp4: string }): Promise<void> {
  await run("ffmpeg", [
    ...["-y", "-loglevel", "error", "-f", "lavfi", "-i", opts.pattern],
    ...opts.args,
    ...["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", opts.mp4],
  ]);
}

/**
 * Generates a short talk as H.264 + AAC MP4 (the common phone format): a presenter on camera
 * (espeak-ng speech with claims, emphasis, hedges and fillers) who steps out of the picture for
 * the key points, so the results have a flag to click. A test pattern would show no presenter at
 * all, and then nothing visual may be flagged.
 */
export async function generateTalkVideo(dir: string): Promise<string> {
  const talk = await generateTalk({
    dir,
    name: "practice-talk",
    presenter: "frontal",
    width: 640,
    height: 360,
    script: [
      { say: "Good morning everyone. Um, I am really thrilled to share our results today." },
      { silence: 0.4 },
      { say: "As you can see here, revenue grew forty percent. This is critical." },
      { silence: 0.4 },
      { say: "I think, maybe, this is the key point: our customers stayed." },
      { silence: 0.4 },
      { say: "I am definitely confident about the plan. Thank you." },
    ],
    faces: during({ 1: "absent", 2: "absent" }),
  });
  return talk.path;
}

/**
 * Generates a silent H.264 clip of `width`×`height` (a test pattern inside a thick red
 * frame, so a screenshot shows at once whether any edge was cut off).
 */
export async function generateFramedClip(opts: { dir: string; width: number; height: number }): Promise<string> {
  const mp4 = join(opts.dir, `clip-${opts.width}x${opts.height}.mp4`);
  await ffmpegTestPattern({
    pattern: `testsrc2=size=${opts.width}x${opts.height}:rate=25:duration=3`,
    args: ["-vf", "drawbox=x=0:y=0:w=iw:h=ih:color=red:t=12"],
    mp4,
  });
  return mp4;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json"]);

/** Builds the web app for production into `outDir`, calling the API at `apiUrl` (VITE_API_URL). */
export async function buildWebApp(opts: { outDir: string; apiUrl: string }): Promise<void> {
  await run(
    "pnpm",
    ["--filter", "@coherence/frontend", "exec", "vite", "build", "--outDir", opts.outDir, "--emptyOutDir"],
    // Vitest sets NODE_ENV=test, which would build React's development bundle.
    { cwd: ROOT, env: { ...process.env, NODE_ENV: "production", VITE_API_URL: opts.apiUrl } },
  );
}

/**
 * Serves a built web app (`vite build` output) the way a static host or CDN does: files
 * as they are (gzip-compressed text when the browser accepts it), and index.html for every
 * other path (client-side routes). Whatever Host the browser names is served, unlike
 * `vite preview`, which only answers known hosts.
 */
export async function serveStatic(dir: string, port: number): Promise<Server> {
  const server = createHttpServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(
      /^(\.\.[/\\])+/,
      "",
    );
    const file = extname(path) ? join(dir, path) : join(dir, "index.html");
    try {
      const body = await readFile(file);
      const headers: Record<string, string> = {
        "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      };
      if (COMPRESSIBLE.has(extname(file)) && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
        headers["content-encoding"] = "gzip";
        res.writeHead(200, headers).end(gzipSync(body));
        return;
      }
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return server;
}
