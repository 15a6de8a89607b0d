import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { MediaToolError, spawnMediaTool } from "@coherence/core";
import { AppError, type TScriptGuidance, type TTranscript, type TWord } from "@coherence/shared";
import { readWavFile, writeWavFile } from "../../audio/wav";
import { scriptMatchShare } from "../../script";
import type { SpeechTranscriptionProvider } from "../types";
import { splitAtSilences } from "./pocketsphinx-chunks";
import { writeScriptModel } from "./script-lm";
import { markWordConfidence } from "./word-confidence";

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
  return markWordConfidence({
    provider: "pocketsphinx",
    language: "en",
    durationSeconds,
    text: words.map((w) => w.word).join(" "),
    words,
  });
}

export type PocketsphinxOptions = {
  /** The decoder binary (default `pocketsphinx_continuous` from PATH). */
  binary?: string;
  /** Folder holding `en-us/` (acoustic model), `en-us.lm.bin` and `cmudict-en-us.dict`. */
  modelDir?: string;
  /** Extra decoder arguments; one named in DEFAULT_POCKETSPHINX_TUNING replaces the default value. */
  extraArgs?: string[];
  /**
   * Decoders run at once on a long file (default: the machine's cores). The
   * audio is cut at pauses into chunks decoded in parallel: the CPU cost is
   * the same, but a core the vision stage leaves idle is put to use. 1 = one decoder.
   */
  parallelism?: number;
  /** Chunks are at least this long (default 30 s); shorter audio is decoded in one piece. */
  minChunkSeconds?: number;
  /** Weight of the script in the mixed language model (default SCRIPT_LM_WEIGHT; the tune sweep varies it). */
  scriptWeight?: number;
};

/**
 * Search pruning applied by default: at most 4000 active HMMs and 10 word
 * exits per frame (defaults 30000 and unlimited). Measured on jfk.wav and a
 * 60 s espeak talk: the same WER (0.545 and 0.41–0.43) for about a quarter
 * less CPU on the talk and half on jfk.wav (documentation/speech.md). Tighter
 * beams, -topn 2, -ds 2 or -fwdflat no cost 5–30 WER points.
 */
export const DEFAULT_POCKETSPHINX_TUNING: Record<string, string> = { "-maxhmmpf": "4000", "-maxwpf": "10" };

/** A language model and dictionary used instead of the general ones (the script-guided model). */
export type PocketsphinxModel = { lmPath: string; dictPath: string };

/** The decoder arguments for one file; exported so the benchmark and docs use the same set. */
export function pocketsphinxArgs(opts: {
  audioPath: string;
  modelDir: string;
  extraArgs?: string[];
  model?: PocketsphinxModel;
}): string[] {
  return [
    "-infile",
    opts.audioPath,
    "-hmm",
    join(opts.modelDir, "en-us"),
    "-lm",
    opts.model?.lmPath ?? join(opts.modelDir, "en-us.lm.bin"),
    "-dict",
    opts.model?.dictPath ?? join(opts.modelDir, "cmudict-en-us.dict"),
    "-time",
    "yes",
    // pocketsphinx rejects a repeated argument, so an extra argument replaces the default tuning's.
    ...Object.entries(DEFAULT_POCKETSPHINX_TUNING)
      .filter(([name]) => !opts.extraArgs?.includes(name))
      .flat(),
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

type DecodeOptions = {
  binary: string;
  modelDir: string;
  extraArgs?: string[];
  model?: PocketsphinxModel;
  signal: AbortSignal;
  /** Seconds added to every word time (the chunk's start in the whole file). */
  offsetSeconds: number;
  onWord: (word: TWord) => void;
};

/** Runs one decoder on one WAV file and reports its words as they arrive (utterance by utterance). */
async function decodeFile(audioPath: string, opts: DecodeOptions): Promise<void> {
  const proc = spawnMediaTool({
    tool: opts.binary,
    args: pocketsphinxArgs({ audioPath, modelDir: opts.modelDir, extraArgs: opts.extraArgs, model: opts.model }),
    signal: opts.signal,
    missingHint: INSTALL_HINT,
  });
  const lines = createInterface({ input: proc.stdout });
  lines.on("line", (line) => {
    const word = parsePocketsphinxWordLine(line);
    if (word) opts.onWord({ ...word, start: word.start + opts.offsetSeconds, end: word.end + opts.offsetSeconds });
  });
  const linesClosed = new Promise<void>((resolve) => lines.once("close", resolve));
  try {
    await proc.done;
    await linesClosed;
  } catch (err) {
    if (opts.signal.aborted) throw opts.signal.reason ?? err;
    if (err instanceof MediaToolError && err.exitCode === null) {
      throw new AppError("SERVICE_UNAVAILABLE", err.message, { retryable: false, cause: err });
    }
    throw new AppError("INTERNAL", "Speech recognition (pocketsphinx) failed on the extracted audio.", {
      cause: err,
    });
  }
}

/**
 * Seconds of the preceding audio decoded in front of each chunk and then
 * dropped: the decoder's cepstral mean starts from a fixed guess and needs a
 * few seconds of speech to settle, so a chunk's first words come out worse.
 */
const CHUNK_LEAD_IN_SECONDS = 4;

/** Cuts the WAV at pauses into `parts` files in a fresh temporary folder; returns them with their time spans. */
async function writeChunks(audioPath: string, parts: number) {
  const audio = await readWavFile(audioPath);
  const rate = audio.sampleRate;
  const chunks = splitAtSilences({ samples: audio.samples, sampleRate: rate, parts });
  const dir = await mkdtemp(join(tmpdir(), "coherence-ps-chunks-"));
  const files = await Promise.all(
    chunks.map(async (c, i) => {
      const path = join(dir, `chunk-${i}.wav`);
      const from = Math.max(0, c.start - CHUNK_LEAD_IN_SECONDS * rate);
      await writeWavFile(path, { sampleRate: rate, samples: audio.samples.subarray(from, c.end) });
      return { path, offsetSeconds: from / rate, keepFrom: c.start / rate, seconds: (c.end - from) / rate };
    }),
  );
  return { dir, files };
}

/**
 * Seconds of the talk's own opening decoded in front of the first chunk and then dropped, when
 * a script guides the decoder. The live cepstral mean starts from the acoustic model's fixed
 * guess; until it settles (about 10 s of speech) the first words come out as noise, which a
 * script model then fills with script words from elsewhere (jfk.wav's opening, every espeak
 * talk's first sentences). Priming costs decoding these seconds twice.
 */
const CMN_PRIMER_SECONDS = 10;

/** The first chunk with the audio's first seconds in front of it, written into `dir`. */
async function primeFirstChunk(file: ChunkFile, dir: string): Promise<ChunkFile> {
  const audio = await readWavFile(file.path);
  const lead = audio.samples.subarray(0, Math.round(CMN_PRIMER_SECONDS * audio.sampleRate));
  const samples = new Int16Array(lead.length + audio.samples.length);
  samples.set(lead, 0);
  samples.set(audio.samples, lead.length);
  const path = join(dir, "primed.wav");
  await writeWavFile(path, { sampleRate: audio.sampleRate, samples });
  const leadSeconds = lead.length / audio.sampleRate;
  return { ...file, path, offsetSeconds: file.offsetSeconds - leadSeconds, seconds: file.seconds + leadSeconds };
}

/** Runs `tasks` with at most `limit` at once; the first failure rejects (the caller aborts the rest). */
async function runPool(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
}

/**
 * Below this share of its words matching the script, a script-guided transcript is not trusted:
 * the speaker is not reading this script (another text, or mostly free speech), and the script's
 * n-grams would only pull the decoder towards words that were not said. The audio is then
 * decoded again with the general model alone.
 */
export const GUIDED_MIN_SCRIPT_MATCH = 0.5;

type ChunkFile = { path: string; offsetSeconds: number; keepFrom: number; seconds: number };

/**
 * Local speech-to-text with CMU pocketsphinx (Debian's 5prealpha build, run as
 * `pocketsphinx_continuous -infile x.wav -time yes`). Fast to set up and fully
 * offline, but inaccurate: see documentation/speech.md for measured WER. Long
 * audio is cut at pauses and decoded by several processes at once. With a script, the
 * decoder uses a language model built from it (script-lm/), mixed with the general one.
 */
export function createPocketsphinxProvider(opts: PocketsphinxOptions = {}): SpeechTranscriptionProvider {
  const binary = opts.binary ?? "pocketsphinx_continuous";
  const modelDir = opts.modelDir ?? DEBIAN_POCKETSPHINX_MODEL_DIR;
  const parallelism = Math.max(1, opts.parallelism ?? availableParallelism());
  const minChunkSeconds = opts.minChunkSeconds ?? 30;

  /** Decodes every chunk (at most `parallelism` at once) and returns the words, in time order. */
  async function decodeAll(d: {
    files: ChunkFile[];
    model?: PocketsphinxModel;
    signal: AbortSignal;
    durationSeconds: number;
    onProgress?: (fraction: number) => void;
  }): Promise<TWord[]> {
    // One failing decoder stops the others.
    const stop = new AbortController();
    const both = AbortSignal.any([d.signal, stop.signal]);
    const words: TWord[] = [];
    const done = d.files.map(() => 0);
    await runPool(
      d.files.map((file, i) => async () => {
        await decodeFile(file.path, {
          binary,
          modelDir,
          extraArgs: opts.extraArgs,
          model: d.model,
          signal: both,
          offsetSeconds: file.offsetSeconds,
          onWord: (word) => {
            // Words of the lead-in belong to the previous chunk.
            if (word.start < file.keepFrom) return;
            words.push(word);
            // Progress: the seconds decoded in each chunk, summed.
            done[i] = Math.min(file.seconds, word.end - file.offsetSeconds);
            if (d.onProgress && d.durationSeconds > 0)
              d.onProgress(Math.min(1, done.reduce((a, b) => a + b, 0) / d.durationSeconds));
          },
        });
      }),
      parallelism,
    ).catch((err) => {
      stop.abort(err);
      throw d.signal.aborted ? (d.signal.reason ?? err) : err;
    });
    return words;
  }

  return {
    name: "pocketsphinx",
    async transcribe({ audioPath, durationSeconds, signal, logger, onProgress, script }) {
      signal.throwIfAborted();
      assertPocketsphinxModel(modelDir);
      const started = Date.now();
      // Twice as many chunks as decoders, so that one long last chunk does not leave a core idle at the end.
      const parts = Math.min(parallelism * 2, Math.floor(durationSeconds / minChunkSeconds));
      const chunked = parallelism > 1 && parts > 1 ? await writeChunks(audioPath, parts) : undefined;
      const plain = chunked?.files ?? [{ path: audioPath, offsetSeconds: 0, keepFrom: 0, seconds: durationSeconds }];
      const modelWork = script ? await mkdtemp(join(tmpdir(), "coherence-ps-script-")) : undefined;
      let files = plain;
      try {
        // Only the guided pass is primed: the fallback decode is then exactly the no-script one.
        if (modelWork && plain[0]) files = [await primeFirstChunk(plain[0], modelWork), ...plain.slice(1)];
        const decode = (model?: PocketsphinxModel, progress = onProgress) =>
          decodeAll({ files: model ? files : plain, model, signal, durationSeconds, onProgress: progress });
        if (!script || !modelWork) return finish(await decode(), "none");
        const model = await writeScriptModel({
          script,
          modelDir,
          dir: modelWork,
          signal,
          scriptWeight: opts.scriptWeight,
        });
        const guided = await decode(model, (f) => onProgress?.(f * 0.95));
        const share = scriptMatchShare({ script, words: guided });
        logger.debug({ share, addedWords: model.addedWords }, "pocketsphinx script-guided pass");
        if (share >= GUIDED_MIN_SCRIPT_MATCH) return finish(guided, "script-language-model");
        logger.info({ share }, "the talk does not follow the script: decoding again without it");
        return finish(await decode(), "none");
      } finally {
        if (chunked) await rm(chunked.dir, { recursive: true, force: true });
        if (modelWork) await rm(modelWork, { recursive: true, force: true });
      }

      function finish(words: TWord[], guidance: TScriptGuidance): TTranscript {
        const transcript = { ...toTranscript(words, durationSeconds), ...(script ? { guidance } : {}) };
        logger.debug(
          { words: transcript.words.length, ms: Date.now() - started, durationSeconds, chunks: files.length, guidance },
          "pocketsphinx transcription done",
        );
        return transcript;
      }
    },
  };
}
