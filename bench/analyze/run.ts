/**
 * Analysis benchmark: the real local pipeline (analyzeMedia with pocketsphinx,
 * Human on tfjs-wasm, audio features, fusion, rule-based coaching) on a
 * generated 5-minute 720p talk. Prints per-stage wall and CPU time, the total,
 * the real-time factor, peak RSS, the dominant stage, and quality figures
 * against the talk's known ground truth (WER, face presence, eye contact).
 *
 *   pnpm bench:analyze [--minutes 5] [--fps 2] [--cache-dir DIR] [--json] [--vision '{"faceDetectEveryNthFrame":16}']
 *
 * `--vision` passes options to the Human provider (HumanVisionOptions), to measure one lever at a time.
 */

import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { createLogger } from "@coherence/core";
import type { TPipelineStage } from "@coherence/shared";
import {
  analyzeMedia,
  createHumanVisionProvider,
  createPipelineDeps,
  createPocketsphinxProvider,
  createRuleBasedCoachingProvider,
  type HumanVisionOptions,
  type PipelineDeps,
} from "@coherence/worker/pipeline";
import { type ChildRecord, reapedChildrenCpuSeconds, startChildSampler } from "./proc-sampler";
import { qualityFigures } from "./quality";
import { benchTalk } from "./talk";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "5" },
    fps: { type: "string", default: "2" },
    "cache-dir": { type: "string" },
    json: { type: "boolean", default: false },
    vision: { type: "string", default: "{}" },
  },
});
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

async function main() {
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), load average ${load()}`);
  let t = performance.now();
  const talk = await benchTalk({ minutes, cacheDir: values["cache-dir"] });
  console.log(
    `talk: ${talk.durationSeconds}s 1280x720 25 fps + espeak speech (${talk.path}); ready in ${fmt((performance.now() - t) / 1000)}s`,
  );

  const vision = createHumanVisionProvider(JSON.parse(values.vision) as HumanVisionOptions);
  t = performance.now();
  const loadCpu0 = process.cpuUsage();
  await vision.warmup();
  const modelLoad = { wallSeconds: (performance.now() - t) / 1000, cpuSeconds: cpuSeconds(process.cpuUsage(loadCpu0)) };
  console.log(
    `vision model load (once per worker process, not in the totals): ${fmt(modelLoad.wallSeconds, 2)}s wall, ${fmt(modelLoad.cpuSeconds, 2)}s CPU`,
  );

  const timings: StageTiming[] = [];
  const deps = timedDeps(
    await createPipelineDeps({
      providers: { speech: createPocketsphinxProvider(), vision, coaching: createRuleBasedCoachingProvider() },
      logger,
    }),
    timings,
  );
  const loadBefore = load();
  const sampler = startChildSampler();
  const children0 = reapedChildrenCpuSeconds();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await analyzeMedia({ videoPath: talk.path, deps, fps, signal: new AbortController().signal });
  const wallSeconds = (performance.now() - t0) / 1000;
  const nodeCpu = cpuSeconds(process.cpuUsage(cpu0));
  const childrenCpu = reapedChildrenCpuSeconds() - children0;
  const children = sampler.stop();
  const loadAfter = load();

  const rows = timings.map((s) => {
    const own = children.filter((c) => stageOfChild(c, timings) === s.stage);
    const childCpu = own.reduce((a, c) => a + c.cpuSeconds, 0);
    // Transcription runs in its child process; this process's CPU over that interval is vision's.
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
  const quality = qualityFigures({ talk, result });
  const summary = {
    talkSeconds: talk.durationSeconds,
    fps,
    frames: result.visual.frames.length,
    wallSeconds,
    rtf: wallSeconds / talk.durationSeconds,
    cpuSeconds: nodeCpu + childrenCpu,
    nodeCpuSeconds: nodeCpu,
    childrenCpuSeconds: childrenCpu,
    cpuRtf: (nodeCpu + childrenCpu) / talk.durationSeconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    childPeakRssMb: Math.max(0, ...children.map((c) => c.peakRssMb)),
    dominantStage: dominant?.stage,
    loadAverage: { before: loadBefore, after: loadAfter },
    modelLoad,
    stages: rows,
    quality,
  };
  if (values.json) {
    console.log(JSON.stringify(summary, null, 2));
    return;
  }
  console.log(`\nload average before ${loadBefore}, after ${loadAfter}`);
  console.log("stage       wall s   CPU s (node + children)   children");
  for (const r of rows) {
    console.log(
      `${r.stage.padEnd(10)} ${fmt(r.wallSeconds, 2).padStart(7)}   ${fmt(r.cpuSeconds, 2).padStart(6)} (${fmt(r.nodeCpuSeconds, 2)} + ${fmt(r.childCpuSeconds, 2)})`.padEnd(
        48,
      ) + r.children.join(", "),
    );
  }
  console.log(
    `total: ${fmt(wallSeconds, 1)}s wall for ${talk.durationSeconds}s of talk (RTF ${fmt(summary.rtf, 3)}); ` +
      `CPU ${fmt(summary.cpuSeconds, 1)}s = node ${fmt(nodeCpu, 1)}s + children ${fmt(childrenCpu, 1)}s (CPU RTF ${fmt(summary.cpuRtf, 3)}, ` +
      `${fmt(summary.cpuSeconds / 2, 1)}s if perfectly spread over 2 cores)`,
  );
  console.log(
    `peak RSS: node ${fmt(summary.peakRssMb, 0)} MB, largest child ${fmt(summary.childPeakRssMb, 0)} MB; dominant stage by CPU: ${dominant?.stage}`,
  );
  console.log(
    `quality: speech WER ${fmt(quality.wer * 100)}% over ${quality.referenceWords} words; face present right on ${fmt(quality.faceAccuracy * 100)}% of ${quality.faceFrames} frames; ` +
      `eye contact (presenter turned ~20°, so low) on ${fmt(quality.eyeContactStill * 100)}% of still frames, ${fmt(quality.eyeContactJitter * 100)}% of shaken ones; ` +
      `body on ${fmt(quality.bodyShare * 100)}%, hands on ${fmt(quality.handsShare * 100)}% of face frames; ${result.flags.length} flags, score ${result.coherenceScore}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
