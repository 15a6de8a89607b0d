import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "@coherence/core";
import type { TPipelineStage } from "@coherence/shared";
import type { StageCache } from "@coherence/worker/pipeline";

/**
 * The code a stage's output depends on. Vision and transcription are the slow
 * stages; their outputs are kept on disk under a hash of this code, so a change
 * to fusion re-scores in seconds while a change to a provider re-runs it.
 */
const STAGE_SOURCES: Partial<Record<TPipelineStage, string[]>> = {
  visuals: ["packages/worker/src/providers/vision", "packages/worker/src/media", "packages/worker/package.json"],
  transcribe: ["packages/worker/src/providers/speech", "packages/worker/src/media", "packages/worker/package.json"],
};

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

const sourceHashes = new Map<string, string>();
function sourceHash(stage: TPipelineStage): string | null {
  const roots = STAGE_SOURCES[stage];
  if (!roots) return null;
  let h = sourceHashes.get(stage);
  if (!h) {
    const hash = createHash("sha256");
    for (const f of roots.flatMap((r) => filesUnder(join(REPO_ROOT, r)))) {
      if (f.endsWith(".test.ts")) continue;
      hash.update(f.slice(REPO_ROOT.length)).update(readFileSync(f));
    }
    h = hash.digest("hex").slice(0, 12);
    sourceHashes.set(stage, h);
  }
  return h;
}

/**
 * A stage cache for one talk: the vision timeline and the recogniser's
 * transcript, on disk in `dir` when given (keyed by the talk's media hash and the
 * stage's source hash) and in memory otherwise, so the two scoring modes share
 * one vision run. Every other stage (audio features, fusion) always runs.
 */
export function talkStageCache(opts: { talkKey: string; dir?: string }): StageCache {
  const memory = new Map<string, unknown>();
  const fileOf = (stage: TPipelineStage, provider: string) => {
    const src = sourceHash(stage);
    return opts.dir && src ? join(opts.dir, "stages", `${opts.talkKey}-${stage}-${provider}-${src}.json`) : null;
  };
  const cacheable = (stage: TPipelineStage, provider: string) =>
    stage === "visuals" || (stage === "transcribe" && provider !== "script");
  return {
    async get<T>(stage: TPipelineStage, provider: string): Promise<T | undefined> {
      if (!cacheable(stage, provider)) return undefined;
      const k = `${stage}/${provider}`;
      if (memory.has(k)) return memory.get(k) as T;
      const file = fileOf(stage, provider);
      if (!file || !existsSync(file)) return undefined;
      const value = JSON.parse(await readFile(file, "utf8")) as T;
      memory.set(k, value);
      return value;
    },
    async set(stage: TPipelineStage, provider: string, data: unknown) {
      if (!cacheable(stage, provider)) return;
      memory.set(`${stage}/${provider}`, data);
      const file = fileOf(stage, provider);
      if (!file) return;
      await mkdir(join(opts.dir!, "stages"), { recursive: true });
      await writeFile(`${file}.${process.pid}`, JSON.stringify(data));
      await rename(`${file}.${process.pid}`, file);
    },
  };
}
