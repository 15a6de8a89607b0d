import type { TTranscript } from "@coherence/shared";
import type { SpeechTranscriptionProvider } from "../types";

/**
 * A speech provider for tests: returns the given transcript (for example the
 * ground truth of a generated clip) and records each call. Honours the signal.
 */
export function createFakeSpeechProvider(opts: {
  transcript: TTranscript;
  name?: string;
}): SpeechTranscriptionProvider & {
  calls: { audioPath: string; durationSeconds: number }[];
} {
  const calls: { audioPath: string; durationSeconds: number }[] = [];
  return {
    name: opts.name ?? "fake-speech",
    calls,
    async transcribe({ audioPath, durationSeconds, signal, onProgress }) {
      signal.throwIfAborted();
      calls.push({ audioPath, durationSeconds });
      onProgress?.(1);
      return structuredClone(opts.transcript);
    },
  };
}
