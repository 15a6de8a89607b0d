/**
 * The labelled quality benchmark: builds the talks of talks.ts (espeak-ng +
 * ffmpeg, cached), runs the real pipeline on each, and scores the flags and
 * metrics against the construction, with the exact transcript and end to end.
 *
 *   pnpm eval [--split heldout|tune|all] [--mode exact|e2e|both|script] [--only ID,ID] [--subset]
 *             [--fps 2] [--json | --markdown] [--fresh] [--cache-dir DIR] [--verbose]
 */
import { parseArgs } from "node:util";
import { createLogger, loadConfig } from "@coherence/core";
import { createHumanVisionProvider, createSpeechProvider } from "@coherence/worker/pipeline";
import { defaultCacheDir } from "./build";
import { evaluateTalks, MODES, type Mode, type TalkRun } from "./evaluate";
import { formatMarkdown, formatReport, formatRun } from "./report";
import { summarise } from "./score";
import { SPLITS, type Split, selectTalks } from "./split";

const USAGE =
  "usage: pnpm eval [--split heldout|tune|all] [--mode exact|e2e|both|script] [--only ID,ID] [--subset] [--fps N] [--json | --markdown] [--fresh] [--cache-dir DIR] [--verbose]";

function fail(message: string): never {
  console.error(`${message}; ${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    const { values } = parseArgs({
      options: {
        split: { type: "string", default: "heldout" },
        mode: { type: "string", default: "both" },
        only: { type: "string" },
        subset: { type: "boolean", default: false },
        fps: { type: "string", default: "2" },
        json: { type: "boolean", default: false },
        markdown: { type: "boolean", default: false },
        fresh: { type: "boolean", default: false },
        "cache-dir": { type: "string" },
        verbose: { type: "boolean", default: false },
      },
    });
    if (!(SPLITS as readonly string[]).includes(values.split)) fail(`unknown split "${values.split}"`);
    if (!["exact", "e2e", "both", "script"].includes(values.mode)) fail(`unknown mode "${values.mode}"`);
    const fps = Number(values.fps);
    if (!(fps > 0 && fps <= 30)) fail(`--fps must be a number in (0, 30], got "${values.fps}"`);
    return { ...values, fps, split: values.split as Split };
  } catch (err) {
    fail((err as Error).message);
  }
}

async function main() {
  const args = parse();
  const modes: Mode[] = args.mode === "both" ? MODES : [args.mode as Mode];
  const specs = selectTalks({ split: args.split, subset: args.subset, only: args.only?.split(",") });
  if (specs.length === 0) fail("no talk matches");
  const cacheDir = args["cache-dir"] ?? defaultCacheDir();
  const config = loadConfig();
  console.error(
    `eval: ${specs.length} talks (split ${args.split}${args.subset ? ", subset" : ""}), modes ${modes.join(" + ")}, ${args.fps} fps, cache ${cacheDir}${args.fresh ? " (stages re-run)" : ""}`,
  );
  const started = performance.now();
  const runs = await evaluateTalks({
    specs,
    modes,
    vision: createHumanVisionProvider({ modelsPath: config.HUMAN_MODELS_PATH }),
    recogniser: () => createSpeechProvider(config),
    fps: args.fps,
    logger: createLogger({ level: "silent" }),
    cacheDir,
    stageCacheDir: args.fresh ? undefined : cacheDir,
    onRun: (run: TalkRun) => console.error(formatRun(run, args.verbose)),
  });
  const summaries = Object.fromEntries(modes.map((m) => [m, summarise(runs[m].map((r) => r.outcome))]));
  const seconds = (performance.now() - started) / 1000;
  console.error(`eval: done in ${seconds.toFixed(0)} s`);
  if (args.json) {
    const talks = Object.fromEntries(modes.map((m) => [m, runs[m].map((r) => r.outcome)]));
    console.log(JSON.stringify({ split: args.split, subset: args.subset, fps: args.fps, summaries, talks }, null, 2));
    return;
  }
  if (args.markdown) {
    const inHalf = (half: string, r: TalkRun) => r.talk.spec.half === half;
    const group = (pick: (r: TalkRun) => boolean) =>
      Object.fromEntries(modes.map((m) => [m, summarise(runs[m].filter(pick).map((r) => r.outcome))]));
    const groups = {
      "Held-out half": group((r) => inHalf("heldout", r)),
      "Tune half": group((r) => inHalf("tune", r)),
      "Fast subset": group((r) => !!r.talk.spec.subset),
    };
    console.log(formatMarkdown({ groups }));
    return;
  }
  console.log(formatReport({ split: args.split, summaries }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
