import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { AppError, type TTranscript, type TWord } from "@coherence/shared";
import { MediaToolError, spawnMediaTool } from "../../media/ffmpeg";
import type { SpeechTranscriptionProvider } from "../types";

/** Where Debian's `pocketsphinx-en-us` installs the US English models. */
export const DEBIAN_POCKETSPHINX_MODEL_DIR = "/usr/share/pocketsphinx/model/en-us";

const INSTALL_HINT =
  "The pocketsphinx speech engine is not installed. Install it with: apt-get install -y pocketsphinx pocketsphinx-en-us " +
  "(or set SPEECH_ENGINE=whisper with WHISPER_MODEL_PATH pointing at a ggml model).";

/** Markers pocketsphinx puts in the word list that are not words. */
const NON_WORDS = new Set(["<s>", "</s>", "<sil>", "[noise]", "[speech]", "[laugh]", "[cough]", "[breath]"]);
/** Filler tags some acoustic models use (`++UM++`) mapped to the spelling fusion looks for. */
const FILLER_TAGS: Record<string, string> = {
  um: "um",
  umm: "um",
  uh: "uh",
  uhh: "uh",
  ah: "ah",
  er: "uh",
  hmm: "hmm",
};

const WORD_LINE = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/;

/**
 * Parses one line of `pocketsphinx_continuous -time yes` output. Word lines are
 * `word start end posterior`; alternative pronunciations carry a `(2)` suffix.
 * Returns null for hypothesis lines, silences, sentence markers and noise tags.
 */
export function parsePocketsphinxWordLine(line: string): TWord | null {
  const m = WORD_LINE.exec(line.trim());
  if (!m) return null;
  const [, raw = "", start = "0", end = "0", conf = "0"] = m;
  let token = raw.replace(/\(\d+\)$/, "").toLowerCase();
  if (NON_WORDS.has(token)) return null;
  const filler = /^\+\+([a-z]+)\+\+$/.exec(token);
  if (filler) {
    const mapped = FILLER_TAGS[filler[1] ?? ""];
    if (!mapped) return null;
    token = mapped;
  }
  if (/^\[.*\]$/.test(token) || /^<.*>$/.test(token)) return null;
  const s = Number(start);
  const e = Math.max(s, Number(end));
  // The posterior can print a hair above 1 (e.g. 1.000300) from rounding in the log domain.
  const confidence = Math.min(1, Math.max(0, Number(conf)));
  return { word: token, start: s, end: e, confidence: Number.isFinite(confidence) ? confidence : 0 };
}

/** Builds a transcript from the full stdout of `pocketsphinx_continuous -time yes`. */
export function parsePocketsphinxOutput(opts: { stdout: string; durationSeconds: number }): TTranscript {
  const words = opts.stdout
    .split("\n")
    .map(parsePocketsphinxWordLine)
    .filter((w): w is TWord => w !== null);
  return toTranscript(words, opts.durationSeconds);
}

function toTranscript(words: TWord[], durationSeconds: number): TTranscript {
  words.sort((a, b) => a.start - b.start);
  return {
    provider: "pocketsphinx",
    language: "en",
    durationSeconds,
    text: words.map((w) => w.word).join(" "),
    words,
  };
}

export type PocketsphinxOptions = {
  /** The decoder binary (default `pocketsphinx_continuous` from PATH). */
  binary?: string;
  /** Folder holding `en-us/` (acoustic model), `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir?: string;
  /** Extra decoder arguments, e.g. pruning options that trade accuracy for speed. */
  extraArgs?: string[];
};

/** The decoder arguments for one file; exported so the benchmark and docs use the same set. */
export function pocketsphinxArgs(opts: { audioPath: string; modelDir: string; extraArgs?: string[] }): string[] {
  return [
    "-infile",
    opts.audioPath,
    "-hmm",
    join(opts.modelDir, "en-us"),
    "-lm",
    join(opts.modelDir, "en-us.lm.bin"),
    "-dict",
    join(opts.modelDir, "cmudict-en-us.dict"),
    "-time",
    "yes",
    ...(opts.extraArgs ?? []),
  ];
}

/** Throws a clear AppError when the model files are missing; the binary is checked when spawned. */
export function assertPocketsphinxModel(modelDir: string): void {
  const needed = [
    join(modelDir, "en-us", "mdef"),
    join(modelDir, "en-us.lm.bin"),
    join(modelDir, "cmudict-en-us.dict"),
  ];
  const missing = needed.filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      `The pocketsphinx US English model is missing (${missing.join(", ")}). Install it with: apt-get install -y pocketsphinx-en-us.`,
      { retryable: false },
    );
  }
}

/**
 * Local speech-to-text with CMU pocketsphinx (Debian's 5prealpha build, run as
 * `pocketsphinx_continuous -infile x.wav -time yes`). Fast to set up and fully
 * offline, but inaccurate: see documentation/speech.md for measured WER.
 */
export function createPocketsphinxProvider(opts: PocketsphinxOptions = {}): SpeechTranscriptionProvider {
  const binary = opts.binary ?? "pocketsphinx_continuous";
  const modelDir = opts.modelDir ?? DEBIAN_POCKETSPHINX_MODEL_DIR;
  return {
    name: "pocketsphinx",
    async transcribe({ audioPath, durationSeconds, signal, logger, onProgress }) {
      signal.throwIfAborted();
      assertPocketsphinxModel(modelDir);
      const started = Date.now();
      const proc = spawnMediaTool({
        tool: binary,
        args: pocketsphinxArgs({ audioPath, modelDir, extraArgs: opts.extraArgs }),
        signal,
        missingHint: INSTALL_HINT,
      });
      const words: TWord[] = [];
      // Words arrive utterance by utterance, so their end times drive the progress bar.
      const lines = createInterface({ input: proc.stdout });
      lines.on("line", (line) => {
        const word = parsePocketsphinxWordLine(line);
        if (!word) return;
        words.push(word);
        if (onProgress && durationSeconds > 0) onProgress(Math.min(1, word.end / durationSeconds));
      });
      const linesClosed = new Promise<void>((resolve) => lines.once("close", resolve));
      try {
        await proc.done;
        await linesClosed;
      } catch (err) {
        if (signal.aborted) throw signal.reason ?? err;
        if (err instanceof MediaToolError && err.exitCode === null) {
          throw new AppError("SERVICE_UNAVAILABLE", err.message, { retryable: false, cause: err });
        }
        throw new AppError("INTERNAL", "Speech recognition (pocketsphinx) failed on the extracted audio.", {
          cause: err,
        });
      }
      const transcript = toTranscript(words, durationSeconds);
      logger.debug(
        { words: transcript.words.length, ms: Date.now() - started, durationSeconds },
        "pocketsphinx transcription done",
      );
      return transcript;
    },
  };
}
