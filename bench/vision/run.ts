/**
 * Vision benchmark: generates a 720p talk with ffmpeg, then times frame
 * sampling alone and the Human provider (wasm backend) under a few module
 * settings. Prints ms per frame (wall and CPU of this process), frames/s and
 * the projection for a 5-minute talk at 2 fps (600 frames).
 *
 *   pnpm bench:vision [--seconds 60] [--fps 2] [--width 640] [--keep]
 */

import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createLogger } from "@coherence/core";
import { generateTalkVideo } from "@coherence/worker/demo";
import {
  type HumanConfig as Config,
  createHumanVisionProvider,
  type HumanVisionOptions,
  loadHumanEngine,
  streamFrames,
} from "@coherence/worker/pipeline";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    fps: { type: "string", default: "2" },
    width: { type: "string", default: "640" },
    keep: { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const fps = Number(values.fps);
const width = Number(values.width);
const logger = createLogger({ level: "silent" });
const signal = new AbortController().signal;

const fmt = (n: number, d = 1) => n.toFixed(d);
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

async function main() {
  const dir = await mkdtemp(join(tmpdir(), "coherence-bench-vision-"));
  const video = join(dir, "talk-720p.mp4");
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => fmt(l, 2))
      .join(" ")}`,
  );
  let t = performance.now();
  // Alternating still and fidgeting stretches, with a short absence, like a real talk.
  const segments = [];
  for (let s = 0; s < seconds; s += 10) {
    const end = Math.min(seconds, s + 10);
    segments.push({ start: s, end, kind: s % 60 === 50 ? "absent" : s % 20 === 0 ? "still" : "jitter" } as const);
  }
  await generateTalkVideo({ path: video, segments, width: 1280, height: 720, fps: 25 });
  console.log(`generated ${seconds}s 1280x720 25 fps clip in ${fmt((performance.now() - t) / 1000)}s`);

  t = performance.now();
  let sampled = 0;
  for await (const _ of streamFrames({ videoPath: video, fps, width })) sampled += 1;
  const decodeS = (performance.now() - t) / 1000;
  console.log(
    `ffmpeg sampling alone: ${sampled} frames at ${fps} fps, ${width}px wide, in ${fmt(decodeS, 2)}s (RTF ${fmt(decodeS / seconds, 3)})`,
  );

  const warm = createHumanVisionProvider();
  t = performance.now();
  await warm.warmup();
  console.log(`model load (7 models, wasm backend): ${fmt(performance.now() - t, 0)} ms`);

  const variants: [string, HumanVisionOptions][] = [
    ["default (mesh+iris+emotion+body every frame, face det ≤ every 8th, hands every 8th if a wrist was seen)", {}],
    ["previous default (face det ≤ every 4th, hands every 4th)", { faceDetectEveryNthFrame: 4, handsEveryNthFrame: 4 }],
    ["face detector every frame", { faceDetectEveryNthFrame: 1 }],
    ["hands off", { handsEveryNthFrame: 0 }],
    ["hands off, emotion every 2nd", { handsEveryNthFrame: 0, emotionEveryNthFrame: 2 }],
    ["hands every frame", { handsEveryNthFrame: 1 }],
  ];
  const rows: string[] = [];
  for (const [label, opts] of variants) {
    const provider = createHumanVisionProvider(opts);
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const timeline = await provider.analyze({ videoPath: video, durationSeconds: seconds, fps, signal, logger });
    const wallMs = performance.now() - w0;
    const cpu = cpuMs(process.cpuUsage(c0));
    const n = timeline.frames.length;
    const perFrame = wallMs / n;
    rows.push(
      [
        label.padEnd(84),
        `${fmt(perFrame)} ms/frame wall`,
        `${fmt(cpu / n)} ms/frame cpu`,
        `${fmt(1000 / perFrame, 2)} frames/s`,
        `5-min talk @2fps: ${fmt((600 * perFrame) / 1000)}s`,
        `faces ${timeline.frames.filter((f) => f.facePresent).length}/${n}`,
      ].join(" | "),
    );
    console.log(rows.at(-1));
  }
  await moduleBreakdown(video);
  console.log(
    `load average after: ${loadavg()
      .map((l) => fmt(l, 2))
      .join(" ")}`,
  );
  if (values.keep) console.log(`clip kept at ${video}`);
  else await rm(dir, { recursive: true, force: true });
}

/** CPU ms of each Human module alone on one sampled frame (repeated), to show where the time goes. */
async function moduleBreakdown(video: string) {
  let frame: { data: Uint8Array; width: number; height: number } | undefined;
  for await (const f of streamFrames({ videoPath: video, fps, width })) {
    frame = f;
    break;
  }
  if (!frame) return;
  const engine = await loadHumanEngine();
  const only = (m: {
    det?: boolean;
    mesh?: boolean;
    iris?: boolean;
    emotion?: boolean;
    body?: boolean;
    hand?: boolean;
  }) =>
    ({
      gesture: { enabled: false },
      face: {
        enabled: Boolean(m.det),
        mesh: { enabled: Boolean(m.mesh) },
        iris: { enabled: Boolean(m.iris) },
        emotion: { enabled: Boolean(m.emotion) },
      },
      body: { enabled: Boolean(m.body) },
      hand: { enabled: Boolean(m.hand) },
    }) satisfies Partial<Config>;
  const cases: [string, Partial<Config>][] = [
    ["nothing (input tensor + overhead)", only({})],
    ["face detector (blazeface)", only({ det: true })],
    ["+ mesh (facemesh)", only({ det: true, mesh: true })],
    ["+ iris", only({ det: true, mesh: true, iris: true })],
    ["+ emotion", only({ det: true, mesh: true, iris: true, emotion: true })],
    ["body (movenet-lightning)", only({ body: true })],
    ["hands (handtrack + handlandmark-lite)", only({ hand: true })],
  ];
  console.log("per-module cost on one frame (median of 15 runs, ms of this process's CPU):");
  for (const [label, overrides] of cases) {
    const runs: number[] = [];
    for (let i = 0; i < 18; i++) {
      const c0 = process.cpuUsage();
      await engine.detect({ ...frame, overrides });
      if (i >= 3) runs.push(cpuMs(process.cpuUsage(c0)));
    }
    runs.sort((a, b) => a - b);
    console.log(`  ${label.padEnd(40)} ${fmt(runs[Math.floor(runs.length / 2)]!)} ms`);
  }
  // Put the shared engine back to the provider's configuration.
  await engine.detect({ ...frame, overrides: only({ det: true, mesh: true, iris: true, emotion: true, body: true }) });
  engine.human.config.gesture.enabled = true;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
