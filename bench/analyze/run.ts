/**
 * Analysis benchmark: the real local pipeline (analyzeMedia with pocketsphinx,
 * Human on tfjs-wasm, audio features, fusion, rule-based coaching) on a
 * generated 5-minute 720p talk. Prints per-stage wall and CPU time, the total,
 * the real-time factor, peak RSS, the dominant stage, and quality figures
 * against the talk's known ground truth (WER, face presence, eye contact).
 *
 *   pnpm bench:analyze [--minutes 5] [--fps 2] [--cache-dir DIR] [--json] [--vision JSON] [--speech JSON]
 *                      [--b '{"vision":{…},"speech":{…}}' [--rounds 2]] [--only visuals|transcribe] [--script]
 *
 * `--script` analyses the talk again (variant A) with its own text as the script: WER without and
 * with, and the wall-time ratio (issue 14's goal ≤ 1.20).
 *
 * `--vision` passes options to the Human provider (HumanVisionOptions), `--speech` to pocketsphinx
 * (PocketsphinxOptions), to measure one lever at a time. `--b` runs a second variant (its options
 * merged over the first's) alternately with the first, `--rounds` times each, in the same process on
 * the same talk: an A/B within one run. `--only` runs one provider alone on the talk.
 * Before the runs it decodes the whole talk once with ffmpeg (one thread): the run's time divided
 * by that decode time is the figure that compares across machines.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createLogger } from "@coherence/core";
import type { TPipelineStage, TVisualTimeline } from "@coherence/shared";
import {
  analyzeMedia,
  createHumanVisionProvider,
  createPipelineDeps,
  createPocketsphinxProvider,
  createRuleBasedCoachingProvider,
  type HumanVisionOptions,
  type MediaAnalysis,
  type PipelineDeps,
  type PocketsphinxOptions,
} from "@coherence/worker/pipeline";
import { type DecodeBaseline, measureDecode } from "./decode";
import { type ChildRecord, reapedChildrenCpuSeconds, startChildSampler } from "./proc-sampler";
import { qualityFigures } from "./quality";
import { compareWithScript } from "./script";
import { type BenchTalk, benchTalk } from "./talk";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "5" },
    fps: { type: "string", default: "2" },
    "cache-dir": { type: "string" },
    json: { type: "boolean", default: false },
    vision: { type: "string", default: "{}" },
    speech: { type: "string", default: "{}" },
    b: { type: "string" },
    rounds: { type: "string", default: "1" },
    only: { type: "string" },
    script: { type: "boolean", default: false },
  },
});
if (values.only && values.only !== "visuals" && values.only !== "transcribe") {
  console.error(`--only must be visuals or transcribe, got "${values.only}"`);
  process.exit(2);
}
const only = values.only as "visuals" | "transcribe" | undefined;
const minutes = Number(values.minutes);
const fps = Number(values.fps);
const logger = createLogger({ level: "silent" });
const fmt = (n: number, d = 1) => n.toFixed(d);
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
const load = () =>
  loadavg()
    .map((l) => fmt(l, 2))
    .join(" ");

type StageTiming = { stage: TPipelineStage; startMs: number; endMs: number; nodeCpuSeconds: number };

/** Wraps each stage of the deps to record its wall interval and this process's CPU over it. */
function timedDeps(deps: PipelineDeps, timings: StageTiming[]): PipelineDeps {
  const time =
    <A, R>(stage: TPipelineStage, fn: (a: A) => Promise<R> | R) =>
    async (a: A): Promise<R> => {
      const startMs = performance.now();
      const c0 = process.cpuUsage();
      try {
        return await fn(a);
      } finally {
        timings.push({ stage, startMs, endMs: performance.now(), nodeCpuSeconds: cpuSeconds(process.cpuUsage(c0)) });
      }
    };
  return {
    ...deps,
    probe: time("probe", deps.probe),
    extractAudio: time("extract", deps.extractAudio),
    speech: { ...deps.speech, transcribe: time("transcribe", (a) => deps.speech.transcribe(a)) },
    vision: { ...deps.vision, analyze: time("visuals", (a) => deps.vision.analyze(a)) },
    audioFeatures: time("audio", deps.audioFeatures),
    fuse: time("fuse", deps.fuse),
    coaching: { ...deps.coaching, generate: time("coach", (a) => deps.coaching.generate(a)) },
  };
}

/** Which stage a child process belongs to: from its command line, or else the stage running when it started. */
function stageOfChild(c: ChildRecord, timings: StageTiming[]): TPipelineStage | "other" {
  if (c.command.includes("esbuild")) return "other"; // tsx's compiler service, started before the run
  if (c.command.startsWith("pocketsphinx")) return "transcribe";
  if (c.command.includes("rawvideo")) return "visuals";
  if (c.command.includes(" wav ") || c.command.endsWith(".wav")) return "extract";
  const during = timings.filter(
    (s) => s.stage !== "transcribe" && c.firstSeenMs >= s.startMs && c.firstSeenMs <= s.endMs,
  );
  return during.at(-1)?.stage ?? "other";
}

type Variant = { name: string; vision: HumanVisionOptions; speech: PocketsphinxOptions };

function variants(): Variant[] {
  const a: Variant = {
    name: "A",
    vision: JSON.parse(values.vision) as HumanVisionOptions,
    speech: JSON.parse(values.speech) as PocketsphinxOptions,
  };
  if (!values.b) return [a];
  const b = JSON.parse(values.b) as { vision?: HumanVisionOptions; speech?: PocketsphinxOptions };
  return [a, { name: "B", vision: { ...a.vision, ...b.vision }, speech: { ...a.speech, ...b.speech } }];
}

/** Runs one variant once: the whole pipeline, or one provider alone with `--only`. */
async function runVariant(opts: { variant: Variant; talk: BenchTalk; decode: DecodeBaseline }) {
  const { variant, talk, decode } = opts;
  const vision = createHumanVisionProvider(variant.vision);
  const speech = createPocketsphinxProvider(variant.speech);
  await vision.warmup();
  const timings: StageTiming[] = [];
  const deps = timedDeps(
    await createPipelineDeps({
      providers: { speech, vision, coaching: createRuleBasedCoachingProvider() },
      logger,
    }),
    timings,
  );
  const loadBefore = load();
  const sampler = startChildSampler();
  const children0 = reapedChildrenCpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const signal = new AbortController().signal;
  const result: Pick<MediaAnalysis, "transcript" | "visual"> & Partial<MediaAnalysis> = only
    ? await runOne({ talk, deps, signal })
    : await analyzeMedia({ videoPath: talk.path, deps, fps, signal });
  const wallSeconds = (performance.now() - t0) / 1000;
  const nodeCpu = cpuSeconds(process.cpuUsage(cpu0));
  const childrenCpu = reapedChildrenCpuSeconds() - children0;
  const children = sampler.stop();
  const loadAfter = load();

  const rows = timings.map((s) => {
    const own = children.filter((c) => stageOfChild(c, timings) === s.stage);
    const childCpu = own.reduce((a, c) => a + c.cpuSeconds, 0);
    // Transcription runs in its child processes; this process's CPU over that interval is vision's.
    const nodeCpuSeconds = s.stage === "transcribe" ? 0 : s.nodeCpuSeconds;
    return {
      stage: s.stage,
      wallSeconds: (s.endMs - s.startMs) / 1000,
      nodeCpuSeconds,
      childCpuSeconds: childCpu,
      cpuSeconds: nodeCpuSeconds + childCpu,
      children: own.map((c) => c.command.split(" ")[0]),
    };
  });
  const dominant = [...rows].sort((a, b) => b.cpuSeconds - a.cpuSeconds)[0];
  // After the figures above are taken, so the second (scripted) analysis does not count in them.
  if (values.script && !only && variant.name === "A")
    await compareWithScript({ talk, deps, fps, withoutScript: { result: result as MediaAnalysis, wallSeconds } });
  return {
    variant: variant.name,
    options: { vision: variant.vision, speech: variant.speech },
    only,
    talkSeconds: talk.durationSeconds,
    fps,
    frames: result.visual.frames.length,
    wallSeconds,
    rtf: wallSeconds / talk.durationSeconds,
    cpuSeconds: nodeCpu + childrenCpu,
    nodeCpuSeconds: nodeCpu,
    childrenCpuSeconds: childrenCpu,
    cpuRtf: (nodeCpu + childrenCpu) / talk.durationSeconds,
    decode,
    decodeRatio: { wall: wallSeconds / decode.wallSeconds, cpu: (nodeCpu + childrenCpu) / decode.cpuSeconds },
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    childPeakRssMb: Math.max(0, ...children.map((c) => c.peakRssMb)),
    dominantStage: dominant?.stage,
    loadAverage: { before: loadBefore, after: loadAfter },
    stages: rows,
    quality: qualityFigures({ talk, result }),
    flags: result.flags?.length,
    score: result.coherenceScore,
  };
}

/** `--only`: one provider alone on the talk (extracting the audio first for transcription). */
async function runOne(opts: { talk: BenchTalk; deps: PipelineDeps; signal: AbortSignal }) {
  const { talk, deps, signal } = opts;
  const noLog = logger;
  if (only === "visuals") {
    const visual = await deps.vision.analyze({
      videoPath: talk.path,
      durationSeconds: talk.durationSeconds,
      fps,
      signal,
      logger: noLog,
    });
    return { transcript: { provider: "none", language: "en", durationSeconds: 0, text: "", words: [] }, visual };
  }
  const work = await mkdtemp(join(tmpdir(), "bench-analyze-"));
  try {
    const wavPath = join(work, "audio.wav");
    await deps.extractAudio({ videoPath: talk.path, outPath: wavPath, signal });
    const transcript = await deps.speech.transcribe({
      audioPath: wavPath,
      durationSeconds: talk.durationSeconds,
      signal,
      logger: noLog,
    });
    return {
      transcript,
      visual: { provider: "none", fps, frames: [], motion: [], observations: [] } as TVisualTimeline,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

type Summary = Awaited<ReturnType<typeof runVariant>>;

function printSummary(summary: Summary) {
  const { quality } = summary;
  console.log(
    `\n[${summary.variant}] vision ${JSON.stringify(summary.options.vision)} speech ${JSON.stringify(summary.options.speech)}${only ? ` (${only} only)` : ""}`,
  );
  console.log(`load average before ${summary.loadAverage.before}, after ${summary.loadAverage.after}`);
  console.log("stage       wall s   CPU s (node + children)   children");
  for (const r of summary.stages) {
    console.log(
      `${r.stage.padEnd(10)} ${fmt(r.wallSeconds, 2).padStart(7)}   ${fmt(r.cpuSeconds, 2).padStart(6)} (${fmt(r.nodeCpuSeconds, 2)} + ${fmt(r.childCpuSeconds, 2)})`.padEnd(
        48,
      ) + r.children.join(", "),
    );
  }
  console.log(
    `total: ${fmt(summary.wallSeconds, 1)}s wall for ${summary.talkSeconds}s of talk (RTF ${fmt(summary.rtf, 3)}); ` +
      `CPU ${fmt(summary.cpuSeconds, 1)}s = node ${fmt(summary.nodeCpuSeconds, 1)}s + children ${fmt(summary.childrenCpuSeconds, 1)}s (CPU RTF ${fmt(summary.cpuRtf, 3)}, ` +
      `${fmt(summary.cpuSeconds / 2, 1)}s if perfectly spread over 2 cores)`,
  );
  console.log(
    `decode ratio: ${fmt(summary.decodeRatio.wall, 2)}× the ffmpeg decode's wall time, ${fmt(summary.decodeRatio.cpu, 2)}× its CPU`,
  );
  console.log(
    `peak RSS: node ${fmt(summary.peakRssMb, 0)} MB, largest child ${fmt(summary.childPeakRssMb, 0)} MB; dominant stage by CPU: ${summary.dominantStage}`,
  );
  const speech = `speech WER ${fmt(quality.wer * 100)}% over ${quality.referenceWords} words`;
  const vision =
    `face present right on ${fmt(quality.faceAccuracy * 100)}% of ${quality.faceFrames} frames; ` +
    `eye contact (presenter turned ~20°, so low) on ${fmt(quality.eyeContactStill * 100)}% of still frames, ${fmt(quality.eyeContactJitter * 100)}% of shaken ones; ` +
    `body on ${fmt(quality.bodyShare * 100)}%, hands on ${fmt(quality.handsShare * 100)}% of face frames`;
  const parts = only === "visuals" ? [vision] : only === "transcribe" ? [speech] : [speech, vision];
  const outcome = summary.flags === undefined ? "" : `; ${summary.flags} flags, score ${summary.score}`;
  console.log(`quality: ${parts.join("; ")}${outcome}`);
}

/** With two variants: each stage's CPU and the wall time, B against A, averaged over the rounds. */
function printComparison(summaries: Summary[]) {
  const of = (name: string) => summaries.filter((s) => s.variant === name);
  const a = of("A");
  const b = of("B");
  if (b.length === 0) return;
  const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length);
  const stageCpu = (runs: Summary[], stage: string) =>
    mean(runs.map((r) => r.stages.find((s) => s.stage === stage)?.cpuSeconds ?? 0));
  console.log(`\nA/B over ${a.length} round(s) (CPU s per stage; A then B, each round alternating):`);
  for (const stage of a[0]?.stages.map((s) => s.stage) ?? []) {
    const x = stageCpu(a, stage);
    const y = stageCpu(b, stage);
    console.log(
      `${stage.padEnd(10)} ${fmt(x, 2).padStart(7)} → ${fmt(y, 2).padStart(7)} (${x > 0 ? fmt((100 * (y - x)) / x, 0) : "-"}%)`,
    );
  }
  const row = (label: string, f: (s: Summary) => number, d = 2) =>
    console.log(`${label.padEnd(10)} ${fmt(mean(a.map(f)), d).padStart(7)} → ${fmt(mean(b.map(f)), d).padStart(7)}`);
  row("CPU", (s) => s.cpuSeconds);
  row("wall", (s) => s.wallSeconds);
  row("decode×", (s) => s.decodeRatio.wall);
  row("WER %", (s) => s.quality.wer * 100, 1);
  row("face %", (s) => s.quality.faceAccuracy * 100, 1);
  row("eye still", (s) => s.quality.eyeContactStill * 100, 1);
  row("RSS MB", (s) => s.peakRssMb, 0);
}

async function main() {
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), load average ${load()}`);
  let t = performance.now();
  const talk = await benchTalk({ minutes, cacheDir: values["cache-dir"] });
  console.log(
    `talk: ${talk.durationSeconds}s 1280x720 25 fps + espeak speech (${talk.path}); ready in ${fmt((performance.now() - t) / 1000)}s`,
  );
  const decode = await measureDecode(talk.path);
  console.log(
    `ffmpeg decode of the whole talk (one thread, the yardstick): ${fmt(decode.wallSeconds, 2)}s wall, ${fmt(decode.cpuSeconds, 2)}s CPU`,
  );
  t = performance.now();
  const loadCpu0 = process.cpuUsage();
  await createHumanVisionProvider(JSON.parse(values.vision) as HumanVisionOptions).warmup();
  const modelLoad = { wallSeconds: (performance.now() - t) / 1000, cpuSeconds: cpuSeconds(process.cpuUsage(loadCpu0)) };
  console.log(
    `vision model load (once per worker process, not in the totals): ${fmt(modelLoad.wallSeconds, 2)}s wall, ${fmt(modelLoad.cpuSeconds, 2)}s CPU`,
  );
  const summaries: Summary[] = [];
  const rounds = Math.max(1, Number(values.rounds));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants()) {
      const summary = await runVariant({ variant, talk, decode });
      summaries.push(summary);
      if (!values.json) printSummary(summary);
    }
  }
  if (values.json) {
    const out = summaries.map((s) => ({ ...s, modelLoad }));
    console.log(JSON.stringify(out.length === 1 ? out[0] : out, null, 2));
    return;
  }
  printComparison(summaries);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
