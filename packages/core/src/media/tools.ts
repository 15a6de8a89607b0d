import { spawn } from "node:child_process";
import type { Readable } from "node:stream";
import { type Env, ZEnv } from "../config";

/** The ffmpeg and ffprobe binaries every media step runs. */
export type MediaToolPaths = { ffmpeg: string; ffprobe: string };

type MediaToolEnv = Pick<Env, "FFMPEG_PATH" | "FFPROBE_PATH">;

const ZMediaToolEnv = ZEnv.pick({ FFMPEG_PATH: true, FFPROBE_PATH: true });

let configured: MediaToolPaths | undefined;

/** Uses FFMPEG_PATH / FFPROBE_PATH of a validated configuration (the boot helper calls it). */
export function configureMediaTools(config: MediaToolEnv): void {
  configured = { ffmpeg: config.FFMPEG_PATH, ffprobe: config.FFPROBE_PATH };
}

/**
 * The binaries to run: as configured, else FFMPEG_PATH / FFPROBE_PATH read through the config
 * schema, so that scripts and tests that never boot still honour them.
 */
export function mediaToolPaths(): MediaToolPaths {
  if (!configured) {
    // Empty counts as unset, as in loadConfig.
    const { FFMPEG_PATH, FFPROBE_PATH } = process.env;
    configureMediaTools(
      ZMediaToolEnv.parse({ FFMPEG_PATH: FFMPEG_PATH || undefined, FFPROBE_PATH: FFPROBE_PATH || undefined }),
    );
  }
  return configured as MediaToolPaths;
}

export class MediaToolError extends Error {
  constructor(
    message: string,
    readonly tool: string,
    /** null when the tool could not start (not installed) or was killed by a signal. */
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = "MediaToolError";
  }
}

/** The binary could not start: it is not installed (or not at the configured path). */
export class MediaToolMissingError extends MediaToolError {
  constructor(message: string, tool: string) {
    super(message, tool, null, "");
    this.name = "MediaToolMissingError";
  }
}

/** The last bytes of stderr kept for error messages. */
const STDERR_TAIL = 8192;

/**
 * Spawns a media tool (ffmpeg by default) with an argument array (never a shell string) and
 * an AbortSignal. Returns the child's stdout as a stream and a promise that settles when it
 * exits; stderr is kept (last 8 kB) for the error message. Aborting rejects with the abort.
 */
export function spawnMediaTool(opts: {
  /** Path of the binary (default: the configured ffmpeg). */
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
  const tool = opts.tool ?? mediaToolPaths().ffmpeg;
  const child = spawn(tool, opts.args, { stdio: ["ignore", "pipe", "pipe"], signal: opts.signal });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-STDERR_TAIL);
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") {
        const hint =
          opts.missingHint ??
          `${tool} is not installed. Install it with: apt-get install -y ffmpeg (or set FFMPEG_PATH/FFPROBE_PATH).`;
        reject(new MediaToolMissingError(hint, tool));
      } else reject(err);
    });
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else if (opts.signal?.aborted) reject(opts.signal.reason ?? new Error("aborted"));
      else {
        const detail = stderr.trim().split("\n").slice(-3).join(" | ");
        reject(new MediaToolError(`${tool} failed (exit ${code ?? signal}): ${detail}`, tool, code, stderr));
      }
    });
  });
  return { stdout: child.stdout, done, kill: () => child.kill("SIGKILL") };
}

/** Runs a media tool to completion and returns its stdout as text. */
export async function runMediaTool(opts: Parameters<typeof spawnMediaTool>[0]): Promise<string> {
  const { stdout, done } = spawnMediaTool(opts);
  const chunks: Buffer[] = [];
  stdout.on("data", (d: Buffer) => chunks.push(d));
  await done;
  return Buffer.concat(chunks).toString("utf8");
}
