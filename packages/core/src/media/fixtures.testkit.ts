// Tiny media files generated with ffmpeg for tests: each a second or two, a few kB.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type MediaFixtures = {
  dir: string;
  /** 2 s, 64x48 testsrc + 440 Hz sine, H.264/AAC, index at the end (ffmpeg's default). */
  mp4: string;
  /** The same with the index first (-movflags +faststart). */
  faststartMp4: string;
  /** 2 s VP9/Opus WebM. */
  webm: string;
  /** WebM written live (as MediaRecorder writes it): no duration in its header, no cues. */
  liveWebm: string;
  /** An MP4 container holding only an AAC stream. */
  audioOnlyMp4: string;
  /** An MP4 with picture and no sound. */
  silentMp4: string;
  /** A 0.3 s video (below a 1 s minimum). */
  shortMp4: string;
  /** The first 40% of `mp4` (the index is lost). */
  truncatedMp4: string;
  /** The first 60% of `faststartMp4` (the index survives, the data does not). */
  truncatedFaststartMp4: string;
  png: string;
  /** A text file named .mp4. */
  textAsMp4: string;
  empty: string;
};

const V = ["-f", "lavfi", "-i", "testsrc=size=64x48:rate=10"];
const A = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=16000"];
const H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"];
const AAC = ["-c:a", "aac", "-b:a", "24k"];

async function ffmpeg(args: string[]): Promise<void> {
  await run("ffmpeg", ["-v", "error", "-y", ...args]);
}

/** Generates every fixture into a fresh temp directory. */
export async function generateMediaFixtures(): Promise<MediaFixtures> {
  const dir = await mkdtemp(join(tmpdir(), "coherence-media-"));
  const p = (name: string) => join(dir, name);
  const f: MediaFixtures = {
    dir,
    mp4: p("talk.mp4"),
    faststartMp4: p("faststart.mp4"),
    webm: p("talk.webm"),
    liveWebm: p("live.webm"),
    audioOnlyMp4: p("audio-only.mp4"),
    silentMp4: p("silent.mp4"),
    shortMp4: p("short.mp4"),
    truncatedMp4: p("truncated.mp4"),
    truncatedFaststartMp4: p("truncated-faststart.mp4"),
    png: p("slide.png"),
    textAsMp4: p("notes.mp4"),
    empty: p("empty.mp4"),
  };
  await Promise.all([
    ffmpeg([...V, ...A, "-t", "2", ...H264, ...AAC, f.mp4]),
    ffmpeg([...V, ...A, "-t", "2", ...H264, ...AAC, "-movflags", "+faststart", f.faststartMp4]),
    ffmpeg([
      ...V,
      ...A,
      "-t",
      "2",
      "-c:v",
      "libvpx-vp9",
      "-deadline",
      "realtime",
      "-b:v",
      "50k",
      "-c:a",
      "libopus",
      f.webm,
    ]),
    ffmpeg([
      ...V,
      ...A,
      "-t",
      "2",
      "-c:v",
      "libvpx",
      "-deadline",
      "realtime",
      "-b:v",
      "50k",
      "-c:a",
      "libopus",
      "-live",
      "1",
      f.liveWebm,
    ]),
    ffmpeg([...A, "-t", "2", ...AAC, "-f", "mp4", f.audioOnlyMp4]),
    ffmpeg([...V, "-t", "2", ...H264, f.silentMp4]),
    ffmpeg([...V, ...A, "-t", "0.3", ...H264, ...AAC, f.shortMp4]),
    ffmpeg([...V, "-frames:v", "1", f.png]),
    writeFile(f.textAsMp4, "Slide 1: hello\nSlide 2: thanks for listening\n".repeat(20)),
    writeFile(f.empty, ""),
  ]);
  const whole = await readFile(f.mp4);
  await writeFile(f.truncatedMp4, whole.subarray(0, Math.floor(whole.length * 0.4)));
  const fast = await readFile(f.faststartMp4);
  await writeFile(f.truncatedFaststartMp4, fast.subarray(0, Math.floor(fast.length * 0.6)));
  return f;
}
