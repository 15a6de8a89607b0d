import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  type FaceSegment,
  generateTalkVideo,
  makeSpeechAudio,
  SAMPLE_TALK,
  type SpeechScriptStep,
  type SpokenSegment,
} from "@coherence/worker/demo";

const run = promisify(execFile);

/** Bump when the generated talk changes, so a stale cache is not reused. */
const TALK_VERSION = 1;

export type BenchTalk = {
  path: string;
  durationSeconds: number;
  /** The spoken script (for WER) and where each spoken step lies. */
  script: SpeechScriptStep[];
  spoken: SpokenSegment[];
  /** Where the face is, by construction. */
  faces: FaceSegment[];
};

/**
 * Face segments for one minute of the talk, shifted by `offset`: mostly a
 * frontal presenter, with fidgeting (the whole picture shaken every frame, so
 * Human cannot reuse the previous frame's detections), a slide out of frame and
 * a short absence, like a real talk.
 */
function minuteOfFaces(offset: number): FaceSegment[] {
  const plan: [number, number, FaceSegment["kind"]][] = [
    [0, 15, "still"],
    [15, 30, "jitter"],
    [30, 40, "still"],
    [40, 52, "jitter"],
    [52, 55, "offscreen"],
    [55, 60, "absent"],
  ];
  return plan.map(([start, end, kind]) => ({ start: offset + start, end: offset + end, kind }));
}

/**
 * Muxes a silent video and a speech WAV into `out` (written whole or not at
 * all), with pink noise about 50 dB under full scale under the speech: a real
 * room is never digitally silent, and digital silence lets the recogniser skip
 * ahead. The speech is padded (apad) to the video's length.
 */
export async function muxWithRoomNoise(opts: { video: string; wav: string; durationSeconds: number; out: string }) {
  const partial = `${opts.out}.${process.pid}.partial.mp4`;
  await run("ffmpeg", [
    ...["-nostdin", "-v", "error", "-y", "-i", opts.video, "-i", opts.wav],
    ...["-f", "lavfi", "-i", `anoisesrc=color=pink:amplitude=0.004:sample_rate=16000:d=${opts.durationSeconds}`],
    ...["-filter_complex", "[1:a]apad[s];[s][2:a]amix=inputs=2:duration=longest:normalize=0[a]"],
    ...["-map", "0:v", "-map", "[a]", "-c:v", "copy", "-c:a", "aac", "-b:a", "96k", "-t", String(opts.durationSeconds)],
    partial,
  ]);
  await rename(partial, opts.out);
}

/**
 * The benchmark talk: `minutes` × the ~58 s SAMPLE_TALK spoken by espeak-ng,
 * padded to whole minutes, with light pink noise under it (a real room is never
 * digitally silent, and silence is what lets the recogniser skip ahead), over a
 * 1280×720 25 fps video of the presenter photo. Generated once into `cacheDir`.
 */
export async function benchTalk(opts: { minutes: number; cacheDir?: string }): Promise<BenchTalk> {
  const dir = opts.cacheDir ?? join(homedir(), ".cache", "coherence-bench");
  const name = `talk-v${TALK_VERSION}-${opts.minutes}min`;
  const path = join(dir, `${name}.mp4`);
  const metaPath = join(dir, `${name}.json`);
  if (existsSync(path) && existsSync(metaPath)) {
    const { readFile } = await import("node:fs/promises");
    return { path, ...(JSON.parse(await readFile(metaPath, "utf8")) as Omit<BenchTalk, "path">) };
  }
  await mkdir(dir, { recursive: true });
  const durationSeconds = opts.minutes * 60;
  const script: SpeechScriptStep[] = [];
  for (let m = 0; m < opts.minutes; m++) script.push(...SAMPLE_TALK, { silence: 1.5 });
  const wav = join(dir, `${name}.wav`);
  const silent = join(dir, `${name}-silent.mp4`);
  const speech = await makeSpeechAudio({ script, outputPath: wav });
  const faces = Array.from({ length: opts.minutes }, (_, m) => minuteOfFaces(m * 60)).flat();
  await generateTalkVideo({ path: silent, segments: faces, width: 1280, height: 720, fps: 25 });
  await muxWithRoomNoise({ video: silent, wav, durationSeconds, out: path });
  await rm(silent, { force: true });
  const meta = { durationSeconds, script, spoken: speech.segments, faces };
  await writeFile(metaPath, JSON.stringify(meta));
  return { path, ...meta };
}
