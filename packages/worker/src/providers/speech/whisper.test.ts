import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertWhisperModel,
  createWhisperProvider,
  segmentsToWords,
  WHISPER_WORD_CONFIDENCE,
  type WhisperContextLike,
} from "./whisper";

describe("segmentsToWords", () => {
  it("joins sub-word tokens, attaches punctuation, drops annotations and converts ms to s", () => {
    // What maxLen: 1 + tokenTimestamps gives: one segment per token.
    const words = segmentsToWords([
      { text: "[BLANK_AUDIO]", t0: 0, t1: 300 },
      { text: " And", t0: 300, t1: 500 },
      { text: " so", t0: 500, t1: 700 },
      { text: " my", t0: 700, t1: 900 },
      { text: " fell", t0: 900, t1: 1100 },
      { text: "ow", t0: 1100, t1: 1300 },
      { text: " Americans", t0: 1300, t1: 2000 },
      { text: ",", t0: 2000, t1: 2010 },
      { text: " ask", t0: 3200, t1: 3500 },
      { text: " not", t0: 3500, t1: 4100 },
      { text: " .", t0: 4100, t1: 4150 },
      { text: " (laughs)", t0: 4200, t1: 4900 },
      { text: " country's", t0: 5000, t1: 5600 },
    ]);
    expect(words.map((w) => w.word)).toEqual(["and", "so", "my", "fellow", "americans", "ask", "not", "country's"]);
    expect(words[3]).toEqual({
      word: "fellow",
      display: "fellow",
      start: 0.9,
      end: 1.3,
      confidence: WHISPER_WORD_CONFIDENCE,
    });
    expect(words[4]?.display).toBe("Americans,");
    expect(words[4]?.end).toBeCloseTo(2.01);
    expect(words[6]?.display).toBe("not.");
  });

  it("gives no words for silence", () => {
    expect(segmentsToWords([{ text: " [BLANK_AUDIO]", t0: 0, t1: 10000 }])).toEqual([]);
  });
});

describe("whisper model checks", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "coherence-whisper-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("says how to enable whisper when WHISPER_MODEL_PATH is unset or wrong", () => {
    expect(() => assertWhisperModel(undefined)).toThrow(/WHISPER_MODEL_PATH/);
    expect(() => assertWhisperModel(join(dir, "missing.bin"))).toThrow(/is not a file.*SPEECH_ENGINE=pocketsphinx/);
    try {
      assertWhisperModel(undefined);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).retryable).toBe(false);
    }
  });

  it("loads the native binding and reports a file that is not a ggml model clearly", async () => {
    const bogus = join(dir, "not-a-model.bin");
    await writeFile(bogus, Buffer.alloc(4096, 7));
    const provider = createWhisperProvider({ modelPath: bogus, threads: 1 });
    await expect(
      provider.transcribe({
        audioPath: join(dir, "x.wav"),
        durationSeconds: 1,
        signal: new AbortController().signal,
        logger: createLogger({ level: "silent" }),
      }),
    ).rejects.toThrow(/could not load the model.*ggml/);
  });
});

describe("whisper provider with an injected context", () => {
  const logger = createLogger({ level: "silent" });
  const segments = [
    { text: " Ask", t0: 3200, t1: 3500 },
    { text: " not", t0: 3500, t1: 4100 },
  ];

  function fakeContext(opts: { hang?: boolean } = {}) {
    const calls: { path: string; options: Record<string, unknown> }[] = [];
    let stopped = false;
    const ctx: WhisperContextLike = {
      transcribeFile(path, options) {
        calls.push({ path, options: options as Record<string, unknown> });
        options.onProgress?.(50);
        let finish: (v: { segments: typeof segments; isAborted: boolean }) => void = () => {};
        const promise = new Promise<{ segments: typeof segments; isAborted: boolean }>((resolve) => {
          finish = resolve;
          if (!opts.hang) resolve({ segments, isAborted: false });
        });
        return {
          promise,
          stop: async () => {
            stopped = true;
            finish({ segments: [], isAborted: true });
          },
        };
      },
    };
    return { ctx, calls, wasStopped: () => stopped };
  }

  it("asks for token timestamps one token per segment, maps progress and words, and loads the model once", async () => {
    let loads = 0;
    const fake = fakeContext();
    const provider = createWhisperProvider({
      modelPath: import.meta.filename,
      threads: 2,
      loadContext: async () => {
        loads++;
        return fake.ctx;
      },
    });
    const progress: number[] = [];
    const run = () =>
      provider.transcribe({
        audioPath: "/a.wav",
        durationSeconds: 11,
        signal: new AbortController().signal,
        logger,
        onProgress: (f) => progress.push(f),
      });
    const t = await run();
    await run();
    expect(loads).toBe(1);
    expect(fake.calls[0]).toMatchObject({
      path: "/a.wav",
      options: { tokenTimestamps: true, maxLen: 1, language: "en", maxThreads: 2, temperature: 0 },
    });
    expect(progress).toContain(0.5);
    expect(t).toMatchObject({ provider: "whisper", durationSeconds: 11, text: "Ask not" });
    expect(t.words.map((w) => [w.word, w.start, w.end])).toEqual([
      ["ask", 3.2, 3.5],
      ["not", 3.5, 4.1],
    ]);
  });

  it("stops whisper when the signal aborts", async () => {
    const fake = fakeContext({ hang: true });
    const provider = createWhisperProvider({ modelPath: import.meta.filename, loadContext: async () => fake.ctx });
    const ctrl = new AbortController();
    const run = provider.transcribe({ audioPath: "/a.wav", durationSeconds: 1, signal: ctrl.signal, logger });
    setTimeout(() => ctrl.abort(new Error("cancelled by user")), 20);
    await expect(run).rejects.toThrow("cancelled by user");
    expect(fake.wasStopped()).toBe(true);
  });

  it("wraps engine failures in an AppError and retries loading after a failed load", async () => {
    let attempt = 0;
    const provider = createWhisperProvider({
      modelPath: import.meta.filename,
      loadContext: async () => {
        attempt++;
        if (attempt === 1) throw new AppError("SERVICE_UNAVAILABLE", "model broken");
        return {
          transcribeFile: () => ({ stop: async () => {}, promise: Promise.reject(new Error("native crash")) }),
        };
      },
    });
    const call = () =>
      provider.transcribe({ audioPath: "/a.wav", durationSeconds: 1, signal: new AbortController().signal, logger });
    await expect(call()).rejects.toThrow("model broken");
    await expect(call()).rejects.toThrow(/whisper.cpp\) failed/);
    expect(attempt).toBe(2);
  });
});
