import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { AppError, type TTranscript, type TWord } from "@coherence/shared";
import type { SpeechTranscriptionProvider } from "../types";
import { markWordConfidence } from "./word-confidence";

/**
 * whisper.node (1.1.3) returns segment text and times but not token
 * probabilities, so there is no per-word confidence to report. Words get this
 * fixed value: whisper's words are far more reliable than pocketsphinx's, but
 * this number is a stated assumption, not a measurement.
 */
export const WHISPER_WORD_CONFIDENCE = 0.9;

/** A segment as whisper.node returns it; times in milliseconds. */
export type WhisperSegment = { text: string; t0: number; t1: number };

/** Non-speech annotations whisper writes instead of words: [BLANK_AUDIO], [Music], (laughs), ♪. */
const ANNOTATION = /^\s*(\[[^\]]*\]|\([^)]*\)|♪+)\s*$/;

/**
 * Turns whisper's token-level segments (`maxLen: 1` + `tokenTimestamps`) into
 * words. A token that starts with a space starts a new word; any other token
 * (a sub-word piece, or punctuation) continues the current one and extends its
 * end time. Annotations are dropped.
 */
export function segmentsToWords(segments: WhisperSegment[]): TWord[] {
  type Acc = { display: string; start: number; end: number };
  const acc: Acc[] = [];
  for (const seg of segments) {
    if (!seg.text || ANNOTATION.test(seg.text)) continue;
    const start = Math.max(0, seg.t0 / 1000);
    const end = Math.max(start, seg.t1 / 1000);
    const current = acc[acc.length - 1];
    const startsWord = /^\s/.test(seg.text) || current === undefined;
    if (startsWord) acc.push({ display: seg.text.trim(), start, end });
    else {
      current.display += seg.text;
      current.end = Math.max(current.end, end);
    }
  }
  const words: TWord[] = [];
  for (const a of acc) {
    const word = a.display
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/[^\p{L}\p{N}'-]+/gu, "")
      .replace(/^['-]+|['-]+$/g, "");
    if (!word) {
      // Punctuation that whisper put in its own space-led token belongs to the previous word.
      const prev = words[words.length - 1];
      if (prev) prev.display = `${prev.display ?? prev.word}${a.display}`;
      continue;
    }
    words.push({ word, display: a.display, start: a.start, end: a.end, confidence: WHISPER_WORD_CONFIDENCE });
  }
  return words;
}

/** Builds a transcript from whisper.node segments. */
export function whisperTranscript(opts: {
  segments: WhisperSegment[];
  durationSeconds: number;
  language?: string;
}): TTranscript {
  const words = segmentsToWords(opts.segments);
  return markWordConfidence({
    provider: "whisper",
    language: opts.language ?? "en",
    durationSeconds: opts.durationSeconds,
    text: words.map((w) => w.display ?? w.word).join(" "),
    words,
  });
}

const ENABLE_HINT =
  "Set WHISPER_MODEL_PATH to a whisper.cpp ggml model file (for example ggml-base.en.bin from the whisper.cpp " +
  "project), or use SPEECH_ENGINE=pocketsphinx.";

/** Throws a clear AppError unless `modelPath` is a readable, plausibly-sized ggml file. */
export function assertWhisperModel(modelPath: string | undefined): asserts modelPath is string {
  if (!modelPath) {
    throw new AppError("SERVICE_UNAVAILABLE", `SPEECH_ENGINE=whisper needs a model. ${ENABLE_HINT}`, {
      retryable: false,
    });
  }
  if (!existsSync(modelPath) || !statSync(modelPath).isFile()) {
    throw new AppError("SERVICE_UNAVAILABLE", `WHISPER_MODEL_PATH (${modelPath}) is not a file. ${ENABLE_HINT}`, {
      retryable: false,
    });
  }
}

type WhisperModule = typeof import("@fugood/whisper.node");
type TranscribeOptions = import("@fugood/whisper.node").TranscribeOptions;

/** The part of whisper.node's WhisperContext the provider uses (a seam for tests). */
export type WhisperContextLike = {
  transcribeFile(
    filePath: string,
    options: TranscribeOptions,
  ): { stop: () => Promise<void>; promise: Promise<{ segments: WhisperSegment[]; isAborted: boolean }> };
};

async function loadWhisper(modelPath: string): Promise<WhisperContextLike> {
  let mod: WhisperModule;
  try {
    mod = await import("@fugood/whisper.node");
  } catch (err) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "The whisper.cpp binding (@fugood/whisper.node) is not installed for this platform. Run pnpm install, or use SPEECH_ENGINE=pocketsphinx.",
      { retryable: false, cause: err },
    );
  }
  try {
    return await mod.initWhisper({ filePath: modelPath, useGpu: false });
  } catch (err) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      `whisper.cpp could not load the model at WHISPER_MODEL_PATH (${modelPath}); is it a ggml whisper model? ${ENABLE_HINT}`,
      { retryable: false, cause: err },
    );
  }
}

/**
 * whisper conditions on at most n_text_ctx / 2 = 224 prompt tokens and drops older ones; about 4
 * characters a token, so 800 characters of the script's end stay inside the limit.
 */
export const WHISPER_PROMPT_MAX_CHARS = 800;

/** The script's tail, cut at a word boundary, as whisper's initial prompt. */
export function whisperScriptPrompt(script: string): string {
  const text = script.replace(/\s+/g, " ").trim();
  if (text.length <= WHISPER_PROMPT_MAX_CHARS) return text;
  const tail = text.slice(-WHISPER_PROMPT_MAX_CHARS);
  return tail.slice(tail.indexOf(" ") + 1);
}

export type WhisperOptions = {
  modelPath: string | undefined;
  /** CPU threads for one transcription (default: all cores, at most 4). */
  threads?: number;
  language?: string;
  /** Loads the model; defaults to whisper.node's initWhisper. Tests inject a fake context here. */
  loadContext?: (modelPath: string) => Promise<WhisperContextLike>;
};

/**
 * Local speech-to-text with whisper.cpp through @fugood/whisper.node. The
 * model is loaded on first use and kept for the life of the process. Word
 * timings come from token timestamps (`maxLen: 1` splits the output into one
 * segment per token; `segmentsToWords` joins sub-word tokens).
 */
export function createWhisperProvider(opts: WhisperOptions): SpeechTranscriptionProvider {
  let context: Promise<WhisperContextLike> | null = null;
  const load = opts.loadContext ?? loadWhisper;
  const language = opts.language ?? "en";
  return {
    name: "whisper",
    async transcribe({ audioPath, durationSeconds, signal, logger, onProgress, script }) {
      signal.throwIfAborted();
      assertWhisperModel(opts.modelPath);
      const modelPath = opts.modelPath;
      context ??= load(modelPath).catch((err) => {
        context = null;
        throw err;
      });
      const ctx = await context;
      signal.throwIfAborted();
      const started = Date.now();
      const { stop, promise } = ctx.transcribeFile(audioPath, {
        language,
        temperature: 0,
        tokenTimestamps: true,
        maxLen: 1,
        ...(script ? { prompt: whisperScriptPrompt(script) } : {}),
        maxThreads: opts.threads ?? Math.min(4, availableParallelism()),
        onProgress: (p) => onProgress?.(Math.min(1, p / 100)),
      });
      const onAbort = () => void stop();
      signal.addEventListener("abort", onAbort, { once: true });
      // The native worker thread does not hold the event loop open: without this a
      // CLI run with nothing else pending exits silently mid-transcription.
      const keepAlive = setInterval(() => {}, 1000);
      try {
        const result = await promise;
        signal.throwIfAborted();
        if (result.isAborted) throw new Error("whisper transcription was stopped");
        const transcript = {
          ...whisperTranscript({ segments: result.segments, durationSeconds, language }),
          ...(script ? { guidance: "initial-prompt" as const } : {}),
        };
        logger.debug({ words: transcript.words.length, ms: Date.now() - started }, "whisper transcription done");
        return transcript;
      } catch (err) {
        if (signal.aborted) throw signal.reason ?? err;
        if (err instanceof AppError) throw err;
        throw new AppError("INTERNAL", "Speech recognition (whisper.cpp) failed on the extracted audio.", {
          cause: err,
        });
      } finally {
        clearInterval(keepAlive);
        signal.removeEventListener("abort", onAbort);
      }
    },
  };
}
