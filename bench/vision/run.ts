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
import { streamFrames } from "../../packages/worker/src/media/frames";
import { createHumanVisionProvider, type HumanVisionOptions } from "../../packages/worker/src/providers/vision/human";
import { generateTalkVideo } from "../../packages/worker/test/fixtures/video";

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
    ["default (face+iris+emotion+body every frame, hands every 4th)", {}],
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
        label.padEnd(64),
        `${fmt(perFrame)} ms/frame wall`,
        `${fmt(cpu / n)} ms/frame cpu`,
        `${fmt(1000 / perFrame, 2)} frames/s`,
        `5-min talk @2fps: ${fmt((600 * perFrame) / 1000)}s`,
        `faces ${timeline.frames.filter((f) => f.facePresent).length}/${n}`,
      ].join(" | "),
    );
    console.log(rows.at(-1));
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => fmt(l, 2))
      .join(" ")}`,
  );
  if (values.keep) console.log(`clip kept at ${video}`);
  else await rm(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
