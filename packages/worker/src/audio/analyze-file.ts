import type { TAudioFeatures, TTranscript } from "@coherence/shared";
import { readPcmSamples, SPEECH_SAMPLE_RATE } from "../media/audio";
import { computeAudioFeatures } from "./features";
import { type PcmAudio, readWavFile } from "./wav";

/**
 * The audio-features stage: reads the extracted 16 kHz mono WAV and computes
 * energy, pitch and pauses (with the transcript's word timings). Any other
 * format is decoded through ffmpeg. Matches the pipeline's `PipelineDeps.audioFeatures`.
 */
export async function analyzeAudioFile(opts: {
  wavPath: string;
  transcript: Pick<TTranscript, "words">;
  signal: AbortSignal;
  windowSeconds?: number;
}): Promise<TAudioFeatures> {
  opts.signal.throwIfAborted();
  let audio: PcmAudio | null = null;
  try {
    audio = await readWavFile(opts.wavPath);
  } catch (err) {
    // Not a mono 16-bit WAV: let ffmpeg decode it. A missing file is a real error.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw err;
    audio = null;
  }
  if (!audio || audio.sampleRate !== SPEECH_SAMPLE_RATE) {
    audio = await readPcmSamples({ inputPath: opts.wavPath, signal: opts.signal });
  }
  opts.signal.throwIfAborted();
  return computeAudioFeatures({ audio, words: opts.transcript.words, windowSeconds: opts.windowSeconds });
}
