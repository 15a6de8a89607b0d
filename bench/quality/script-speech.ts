import type { TTranscript } from "@coherence/shared";
import type { SpeechTranscriptionProvider } from "@coherence/worker/pipeline";

/** The name of the exact-transcript provider; analyses run with it are "exact" mode. */
export const SCRIPT_PROVIDER = "script";

/**
 * The benchmark's transcript provider: it hears nothing and returns the talk's
 * own script, timed to the generated audio (exact at sentence edges). With it,
 * the benchmark judges vision, audio features and fusion alone, as if the
 * recogniser were perfect.
 */
export function createScriptSpeechProvider(transcript: TTranscript): SpeechTranscriptionProvider {
  return {
    name: SCRIPT_PROVIDER,
    async transcribe({ durationSeconds, signal, onProgress }) {
      signal.throwIfAborted();
      onProgress?.(1);
      return { ...structuredClone(transcript), provider: SCRIPT_PROVIDER, durationSeconds };
    },
  };
}
