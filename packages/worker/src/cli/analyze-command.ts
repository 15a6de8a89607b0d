import { statSync } from "node:fs";
import { resolve } from "node:path";
import { type Config, type Database, type Logger, ProbeError, probeMedia } from "@coherence/core";
import { analyzeMedia } from "../pipeline/analyze-media";
import { createPipelineDeps, describeEngines, selectProviders } from "../pipeline/create-deps";
import { CliInputError } from "./errors";
import { formatSummary, renderProgressBar } from "./format-summary";

/** Refuses, in one line, a path that is missing, not a file, or not media ffprobe can read. */
async function assertReadableMedia(path: string): Promise<void> {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new CliInputError(`No such file: ${path}`);
  if (!stat.isFile()) throw new CliInputError(`Not a file: ${path}`);
  try {
    const probe = await probeMedia({ input: path });
    if (probe.video || probe.audio) return;
  } catch (err) {
    if (!(err instanceof ProbeError && err.reason === "unreadable")) throw err;
  }
  throw new CliInputError(`Not a video or audio file: ${path} (ffprobe cannot read it)`);
}

/**
 * `coherence analyze <video>`: the whole pipeline on a local file, without the API. The
 * configured providers run (a cloud provider wherever its key is set); their caches use the
 * database when DATABASE_URL is set and memory otherwise. `note` (stderr) says which engine
 * ran for each stage and why; `out` (stdout) carries only the result.
 */
export async function runAnalyzeCommand(opts: {
  videoPath: string;
  json: boolean;
  fps?: number;
  /** The talk's script, already read and validated (readScriptFile). */
  script?: string;
  config: Config;
  logger: Logger;
  out: (s: string) => void;
  note: (s: string) => void;
  progress?: (s: string) => void;
  signal?: AbortSignal;
}): Promise<number> {
  const path = resolve(opts.videoPath);
  await assertReadableMedia(path);
  const core = await import("@coherence/core");
  const database = opts.config.DATABASE_URL
    ? core.createDb({ url: opts.config.DATABASE_URL, poolMax: 4, applicationName: "coherence-analyze" }).db
    : undefined;
  try {
    return await analyzeWith({ ...opts, path, db: database });
  } finally {
    await database?.destroy();
  }
}

async function analyzeWith(opts: Parameters<typeof runAnalyzeCommand>[0] & { path: string; db?: Database }) {
  const providers = selectProviders({ config: opts.config, logger: opts.logger, db: opts.db });
  if (providers.engines) opts.note(`${describeEngines(providers.engines)}\n`);
  const deps = await createPipelineDeps({ providers, logger: opts.logger, db: opts.db });
  const result = await analyzeMedia({
    videoPath: opts.path,
    deps,
    fps: opts.fps ?? opts.config.ANALYSIS_FPS,
    signal: opts.signal ?? new AbortController().signal,
    ...(opts.script ? { script: opts.script } : {}),
    onProgress: (s) => opts.progress?.(renderProgressBar(s)),
  });
  opts.progress?.("\n");
  if (opts.json) {
    const { visual: _visual, audio: _audio, ...rest } = result;
    opts.out(`${JSON.stringify(rest, null, 2)}\n`);
  } else {
    opts.out(formatSummary(result));
  }
  return 0;
}
