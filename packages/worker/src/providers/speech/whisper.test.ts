import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertWhisperModel, createWhisperProvider, segmentsToWords, WHISPER_WORD_CONFIDENCE } from "./whisper";

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
