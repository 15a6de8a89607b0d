import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Config, Logger } from "@coherence/core";
import { analyzeMedia } from "../pipeline/analyze-media";
import { createPipelineDeps, selectProviders } from "../pipeline/create-deps";
import { formatSummary, renderProgressBar } from "./format-summary";

/**
 * `coherence analyze <video>`: the whole pipeline on a local file, without the
 * API or a database (default thresholds, local providers unless keys are set
 * and DATABASE_URL is given for the cloud caches).
 */
export async function runAnalyzeCommand(opts: {
  videoPath: string;
  json: boolean;
  fps?: number;
  config: Config;
  logger: Logger;
  out: (s: string) => void;
  progress?: (s: string) => void;
  signal?: AbortSignal;
}): Promise<number> {
  const path = resolve(opts.videoPath);
  if (!existsSync(path)) {
    opts.out(`No such file: ${path}\n`);
    return 2;
  }
  const providers = selectProviders({ config: opts.config, logger: opts.logger });
  const deps = await createPipelineDeps({ providers, logger: opts.logger });
  const result = await analyzeMedia({
    videoPath: path,
    deps,
    fps: opts.fps ?? opts.config.ANALYSIS_FPS,
    signal: opts.signal ?? new AbortController().signal,
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
