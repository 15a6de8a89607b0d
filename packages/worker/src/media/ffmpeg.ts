import { spawn } from "node:child_process";
import type { Readable } from "node:stream";

/** ffmpeg and ffprobe from PATH unless FFMPEG_PATH / FFPROBE_PATH say otherwise. */
export const FFMPEG = process.env.FFMPEG_PATH || "ffmpeg";
export const FFPROBE = process.env.FFPROBE_PATH || "ffprobe";

export class MediaToolError extends Error {
  constructor(
    message: string,
    readonly tool: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "MediaToolError";
  }
}

/**
 * Spawns ffmpeg (or ffprobe) with an argument array (never a shell string) and
 * an AbortSignal. Returns the child's stdout as a stream and a promise that
 * settles when it exits; stderr is kept (last 8 kB) for the error message.
 */
export function spawnMediaTool(opts: {
  tool?: string;
  args: string[];
  signal?: AbortSignal;
  /** What to tell the user when the binary is not on PATH (default: how to install ffmpeg). */
  missingHint?: string;
}): {
  stdout: Readable;
  done: Promise<void>;
  kill: () => void;
} {
  const tool = opts.tool ?? FFMPEG;
  const child = spawn(tool, opts.args, { stdio: ["ignore", "pipe", "pipe"], signal: opts.signal });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-8192);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") {
        reject(
          new MediaToolError(
            opts.missingHint ??
              `${tool} is not installed. Install it with: apt-get install -y ffmpeg (or set FFMPEG_PATH/FFPROBE_PATH).`,
            tool,
            null,
            "",
          ),
        );
      } else reject(err);
    });
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else if (opts.signal?.aborted) reject(opts.signal.reason ?? new Error("aborted"));
      else
        reject(
          new MediaToolError(
            `${tool} failed (exit ${code ?? signal}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
            tool,
            code,
            stderr,
          ),
        );
    });
  });
  return { stdout: child.stdout, done, kill: () => child.kill("SIGKILL") };
}

/** Runs a media tool to completion and returns its stdout as text. */
export async function runMediaTool(opts: {
  tool?: string;
  args: string[];
  signal?: AbortSignal;
  missingHint?: string;
}): Promise<string> {
  const { stdout, done } = spawnMediaTool(opts);
  const chunks: Buffer[] = [];
  stdout.on("data", (d: Buffer) => chunks.push(d));
  await done;
  return Buffer.concat(chunks).toString("utf8");
}
