import { MediaToolError, spawnMediaTool } from "@coherence/core";
import { AppError } from "@coherence/shared";
import type { PcmAudio } from "../audio/wav";

/** What every speech engine and the audio features expect: 16 kHz, mono, 16-bit. */
export const SPEECH_SAMPLE_RATE = 16_000;

/** ffmpeg output options for 16 kHz mono 16-bit PCM from the first audio stream. */
function pcmOutputArgs(): string[] {
  return ["-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", String(SPEECH_SAMPLE_RATE), "-c:a", "pcm_s16le"];
}

function inputArgs(inputPath: string): string[] {
  return ["-nostdin", "-hide_banner", "-loglevel", "error", "-i", inputPath];
}

/**
 * Turns ffmpeg failures into AppErrors a user can act on. A video without an
 * audio track is the common case: `-map 0:a:0` makes ffmpeg say so.
 */
function toAppError(err: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason ?? err;
  if (err instanceof MediaToolError) {
    if (err.exitCode === null)
      return new AppError("SERVICE_UNAVAILABLE", err.message, { retryable: false, cause: err });
    if (/matches no streams|does not contain any stream|Output file .* does not contain/i.test(err.stderr)) {
      return new AppError("INVALID_MEDIA", "This video has no audio track, so there is no speech to analyse.", {
        cause: err,
      });
    }
    return new AppError("INVALID_MEDIA", "The audio of this video could not be decoded. Try re-exporting it as MP4.", {
      cause: err,
    });
  }
  return err;
}

/**
 * Extracts the first audio stream of any video or audio file to a 16 kHz mono
 * 16-bit PCM WAV file (the input the speech engines take). Overwrites `outPath`.
 * Matches the pipeline's `PipelineDeps.extractAudio`.
 */
export async function extractAudioWav(opts: {
  /** Any file ffmpeg can read (video or audio). */
  videoPath: string;
  outPath: string;
  signal?: AbortSignal;
}): Promise<void> {
  const proc = spawnMediaTool({
    args: [...inputArgs(opts.videoPath), ...pcmOutputArgs(), "-f", "wav", "-y", opts.outPath],
    signal: opts.signal,
  });
  proc.stdout.resume();
  try {
    await proc.done;
  } catch (err) {
    throw toAppError(err, opts.signal);
  }
}

/**
 * Streams raw 16 kHz mono 16-bit samples of any input from ffmpeg's stdout, in
 * chunks as they are decoded. Chunks never split a sample. Aborting the signal
 * kills ffmpeg and rejects the iteration.
 */
export async function* streamPcmSamples(opts: { inputPath: string; signal?: AbortSignal }): AsyncGenerator<Int16Array> {
  const proc = spawnMediaTool({
    args: [...inputArgs(opts.inputPath), ...pcmOutputArgs(), "-f", "s16le", "pipe:1"],
    signal: opts.signal,
  });
  // Keep the exit promise observed so an early failure is not an unhandled rejection.
  let failure: unknown;
  const done = proc.done.catch((err) => {
    failure = err;
  });
  let carry: Buffer | null = null;
  try {
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      let data: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      carry = null;
      if (data.length % 2 === 1) {
        carry = data.subarray(data.length - 1);
        data = data.subarray(0, data.length - 1);
      }
      if (data.length === 0) continue;
      // Copy into an aligned buffer: the chunk's byteOffset may be odd.
      const samples = new Int16Array(data.length / 2);
      Buffer.from(samples.buffer).set(data);
      yield samples;
    }
    await done;
    if (failure) throw failure;
  } catch (err) {
    throw toAppError(err, opts.signal);
  } finally {
    // The consumer stopped early (break or throw): do not leave ffmpeg running.
    proc.kill();
    await done;
  }
}

/** Decodes the whole audio track of any input into memory as 16 kHz mono samples (about 1.9 MB per minute). */
export async function readPcmSamples(opts: { inputPath: string; signal?: AbortSignal }): Promise<PcmAudio> {
  const chunks: Int16Array[] = [];
  for await (const chunk of streamPcmSamples(opts)) chunks.push(chunk);
  return { sampleRate: SPEECH_SAMPLE_RATE, samples: concatSamples(chunks) };
}

/** Joins sample blocks into one array. */
export function concatSamples(parts: Int16Array[]): Int16Array {
  const samples = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    samples.set(p, at);
    at += p.length;
  }
  return samples;
}
