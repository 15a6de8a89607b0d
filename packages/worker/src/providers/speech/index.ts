import type { Config } from "@coherence/core";
import { AppError } from "@coherence/shared";
import type { SpeechTranscriptionProvider } from "../types";
import { createPocketsphinxProvider, type PocketsphinxOptions } from "./pocketsphinx";
import { assertWhisperModel, createWhisperProvider } from "./whisper";

export * from "./fake";
export * from "./pocketsphinx";
export * from "./wer";
export * from "./whisper";
export * from "./word-confidence";

/**
 * Picks the local speech engine from configuration: SPEECH_ENGINE=pocketsphinx
 * (default) or whisper (needs WHISPER_MODEL_PATH). Fails fast, with how to fix
 * it, when whisper is chosen without a usable model; pocketsphinx's binary and
 * model are checked on the first transcription.
 */
export function createSpeechProvider(
  config: Pick<Config, "SPEECH_ENGINE" | "WHISPER_MODEL_PATH">,
  opts: { pocketsphinx?: PocketsphinxOptions; whisperThreads?: number } = {},
): SpeechTranscriptionProvider {
  switch (config.SPEECH_ENGINE) {
    case "pocketsphinx":
      return createPocketsphinxProvider(opts.pocketsphinx);
    case "whisper":
      assertWhisperModel(config.WHISPER_MODEL_PATH);
      return createWhisperProvider({ modelPath: config.WHISPER_MODEL_PATH, threads: opts.whisperThreads });
    default:
      throw new AppError(
        "SERVICE_UNAVAILABLE",
        `Unknown SPEECH_ENGINE "${String(config.SPEECH_ENGINE)}". Use pocketsphinx or whisper.`,
        { retryable: false },
      );
  }
}
