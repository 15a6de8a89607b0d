import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { AppError } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeAudioFile } from "../audio/analyze-file";
import { classifyPause } from "../audio/pauses";
import { readWavFile } from "../audio/wav";
import { makeSpeechAudio } from "../demo/speech";
import { extractAudioWav, readPcmSamples, SPEECH_SAMPLE_RATE, streamPcmSamples } from "./audio";

const run = promisify(execFile);

describe("audio extraction from a generated video", () => {
  let dir: string;
  let video: string;
  let silentVideo: string;
  let clip: Awaited<ReturnType<typeof makeSpeechAudio>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "coherence-audio-"));
    const wav = join(dir, "speech.wav");
    clip = await makeSpeechAudio({
      script: [
        { say: "Welcome to the talk." },
        { silence: 0.6 },
        { say: "Here is the first point." },
        { silence: 1.8 },
        { say: "And that is all." },
      ],
      outputPath: wav,
    });
    video = join(dir, "talk.mp4");
    // A 44.1 kHz stereo AAC track in an MP4, as a phone would record it.
    await run("ffmpeg", [
      ...["-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=160x120:r=10"],
      ...["-i", wav, "-shortest", "-c:v", "libx264", "-preset", "ultrafast"],
      ...["-c:a", "aac", "-ar", "44100", "-ac", "2", "-y", video],
    ]);
    silentVideo = join(dir, "silent.mp4");
    await run("ffmpeg", [
      ...["-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=160x120:r=10:d=1"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-y", silentVideo],
    ]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes a 16 kHz mono 16-bit WAV of the same length", async () => {
    const out = join(dir, "out.wav");
    await extractAudioWav({ videoPath: video, outPath: out, signal: new AbortController().signal });
    const audio = await readWavFile(out);
    expect(audio.sampleRate).toBe(SPEECH_SAMPLE_RATE);
    expect(audio.samples.length / SPEECH_SAMPLE_RATE).toBeCloseTo(clip.durationSeconds, 0);
  });

  it("streams the same samples as raw PCM, in whole-sample chunks", async () => {
    let total = 0;
    let chunks = 0;
    for await (const chunk of streamPcmSamples({ inputPath: video })) {
      expect(chunk).toBeInstanceOf(Int16Array);
      total += chunk.length;
      chunks++;
    }
    expect(chunks).toBeGreaterThan(1);
    expect(total / SPEECH_SAMPLE_RATE).toBeCloseTo(clip.durationSeconds, 0);
    const whole = await readPcmSamples({ inputPath: video });
    expect(whole.samples.length).toBe(total);
  });

  it("stops ffmpeg when the consumer stops early", async () => {
    for await (const chunk of streamPcmSamples({ inputPath: video })) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
  });

  it("says clearly when the video has no audio track", async () => {
    const err = await extractAudioWav({ videoPath: silentVideo, outPath: join(dir, "none.wav") }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("INVALID_MEDIA");
    expect((err as AppError).message).toMatch(/no audio track/);
    await expect(readPcmSamples({ inputPath: silentVideo })).rejects.toThrow(/no audio track/);
  });

  it("rejects a file that is not media", async () => {
    await expect(
      extractAudioWav({ videoPath: import.meta.filename, outPath: join(dir, "bad.wav") }),
    ).rejects.toMatchObject({ code: "INVALID_MEDIA" });
  });

  it("passes the AbortSignal on to ffmpeg", async () => {
    const ctrl = new AbortController();
    ctrl.abort(new Error("cancelled"));
    await expect(
      extractAudioWav({ videoPath: video, outPath: join(dir, "aborted.wav"), signal: ctrl.signal }),
    ).rejects.toThrow("cancelled");
  });

  it("computes features on the extracted audio: pitch while speaking, the built-in pauses", async () => {
    const out = join(dir, "features.wav");
    await extractAudioWav({ videoPath: video, outPath: out });
    // Words from the construction (one pseudo-word per spoken step) stand in for a transcript.
    const words = clip.segments.map((s) => ({ word: "x", start: s.start, end: s.end, confidence: 1 }));
    const features = await analyzeAudioFile({
      wavPath: out,
      transcript: { words },
      signal: new AbortController().signal,
    });
    const voicedShare =
      features.windows.filter((w) => w.f0 !== null).length /
      features.windows.filter((w) => clip.segments.some((s) => w.t >= s.start && w.t < s.end)).length;
    expect(voicedShare).toBeGreaterThan(0.4);
    for (const w of features.windows) if (w.f0 !== null) expect(w.f0).toBeLessThan(400);
    // The 0.6 s and 1.8 s silences are found where they were built (espeak adds short pauses of its own).
    const [, gap1, , gap2] = [clip.segments[0], clip.segments[0]?.end, clip.segments[1], clip.segments[1]?.end];
    const medium = features.pauses.find((p) => Math.abs(p.start - (gap1 ?? 0)) < 0.15);
    const long = features.pauses.find((p) => Math.abs(p.start - (gap2 ?? 0)) < 0.15);
    expect(classifyPause((medium?.end ?? 0) - (medium?.start ?? 0))).toBe("medium");
    expect(classifyPause((long?.end ?? 0) - (long?.start ?? 0))).toBe("long");
    // Reading through ffmpeg (any format) gives the same result as the WAV fast path.
    const viaFfmpeg = await analyzeAudioFile({
      wavPath: video,
      transcript: { words },
      signal: new AbortController().signal,
    });
    expect(viaFfmpeg.pauses.length).toBe(features.pauses.length);
  });
});
