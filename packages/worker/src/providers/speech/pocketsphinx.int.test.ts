import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@coherence/core";
import { AppError } from "@coherence/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSpeechAudio, SAMPLE_TALK, scriptText, sharedFixturePath } from "../../../test/fixtures/speech";
import { createPocketsphinxProvider } from "./pocketsphinx";
import { wordErrorRate } from "./wer";

const logger = createLogger({ level: "silent" });
const jfkWav = sharedFixturePath("speech", "jfk.wav");
const jfkTxt = sharedFixturePath("speech", "jfk.txt");

/**
 * Measured on Debian's pocketsphinx 0.8+5prealpha with the en-us model: 12/22
 * errors (WER 0.545) on jfk.wav. The bound leaves a little room, not a lot:
 * pocketsphinx is deterministic, so a rise means the decoder setup changed.
 */
const JFK_WER_BOUND = 0.6;
/** pocketsphinx runs at about real time on a busy 2-core machine; leave room. */
const SLOW = 180_000;

if (!jfkWav || !jfkTxt) {
  console.warn(
    "shared/fixtures/speech/jfk.wav not found (beside the checkout, beside the main checkout of a worktree, or in $COHERENCE_SHARED_FIXTURES): skipping the pocketsphinx WER test",
  );
}

describe.skipIf(!jfkWav || !jfkTxt)("pocketsphinx on shared/fixtures/speech/jfk.wav", () => {
  it(
    `transcribes with WER ≤ ${JFK_WER_BOUND}, with ordered word timings and confidences`,
    async () => {
      const progress: number[] = [];
      const t = await createPocketsphinxProvider().transcribe({
        audioPath: jfkWav as string,
        durationSeconds: 11,
        signal: AbortSignal.timeout(120_000),
        logger,
        onProgress: (f) => progress.push(f),
      });
      const wer = wordErrorRate({ reference: readFileSync(jfkTxt as string, "utf8"), hypothesis: t.text });
      console.info(`pocketsphinx jfk.wav WER ${wer.wer.toFixed(3)}: "${t.text}"`);
      expect(wer.wer).toBeLessThanOrEqual(JFK_WER_BOUND);
      // Words it gets right, at the right times ("what your country can do for you" is 5.3–7.7 s).
      const country = t.words.find((w) => w.word === "country");
      expect(country?.start).toBeGreaterThan(5);
      expect(country?.end).toBeLessThan(7);
      for (const [i, w] of t.words.entries()) {
        expect(w.confidence).toBeGreaterThanOrEqual(0);
        expect(w.confidence).toBeLessThanOrEqual(1);
        expect(w.end).toBeGreaterThanOrEqual(w.start);
        if (i > 0) expect(w.start).toBeGreaterThanOrEqual(t.words[i - 1]?.end ?? 0);
        expect(w.word).toMatch(/^[a-z']+$/);
      }
      expect(progress.length).toBeGreaterThan(0);
      expect(Math.max(...progress)).toBeGreaterThan(0.8);
    },
    SLOW,
  );
});

describe("pocketsphinx on a generated clip", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "coherence-ps-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    "puts recognised words inside the spoken spans and none inside a long silence",
    async () => {
      const wav = join(dir, "clip.wav");
      const clip = await makeSpeechAudio({
        script: [{ say: "Thank you very much for coming today." }, { silence: 2 }, { say: "Thank you for listening." }],
        outputPath: wav,
      });
      const t = await createPocketsphinxProvider().transcribe({
        audioPath: wav,
        durationSeconds: clip.durationSeconds,
        signal: AbortSignal.timeout(120_000),
        logger,
      });
      expect(t.words.length).toBeGreaterThan(3);
      const [first, second] = clip.segments;
      const gapStart = (first?.end ?? 0) + 0.3;
      const gapEnd = (second?.start ?? 0) - 0.3;
      // No word lies entirely within the silence.
      for (const w of t.words) expect(w.start >= gapStart && w.end <= gapEnd).toBe(false);
      expect(t.words.some((w) => w.start < gapStart)).toBe(true);
      expect(t.words.some((w) => w.start > gapEnd)).toBe(true);
    },
    SLOW,
  );

  it("decodes a long talk in chunks cut at pauses, with the words and times of a single decoder", async () => {
    const wav = join(dir, "talk.wav");
    const clip = await makeSpeechAudio({ script: SAMPLE_TALK, outputPath: wav });
    const transcribe = (parallelism: number) =>
      createPocketsphinxProvider({ parallelism, minChunkSeconds: 15 }).transcribe({
        audioPath: wav,
        durationSeconds: clip.durationSeconds,
        signal: AbortSignal.timeout(290_000),
        logger,
      });
    const [whole, chunked] = await Promise.all([transcribe(1), transcribe(2)]);
    const reference = scriptText(SAMPLE_TALK);
    const wholeWer = wordErrorRate({ reference, hypothesis: whole.text }).wer;
    const chunkedWer = wordErrorRate({ reference, hypothesis: chunked.text }).wer;
    console.info(`SAMPLE_TALK WER: one decoder ${wholeWer.toFixed(3)}, in chunks ${chunkedWer.toFixed(3)}`);
    expect(Math.abs(chunkedWer - wholeWer)).toBeLessThanOrEqual(0.05);
    // Word times are in the whole file's clock: ordered, and inside a spoken step (± 0.5 s).
    for (const [i, w] of chunked.words.entries()) {
      if (i > 0) expect(w.start).toBeGreaterThanOrEqual(chunked.words[i - 1]?.start ?? 0);
      expect(clip.segments.some((s) => w.start >= s.start - 0.5 && w.end <= s.end + 0.5)).toBe(true);
    }
    expect(chunked.words.at(-1)?.end).toBeGreaterThan(clip.durationSeconds - 10);
  }, 300_000); // Two decoders on a ~58 s talk: about a minute of CPU, slower on a busy machine.

  it("is aborted by the signal", async () => {
    const ctrl = new AbortController();
    const wav = join(dir, "abort.wav");
    const clip = await makeSpeechAudio({ script: [{ say: "This sentence will not be finished." }], outputPath: wav });
    const run = createPocketsphinxProvider().transcribe({
      audioPath: wav,
      durationSeconds: clip.durationSeconds,
      signal: ctrl.signal,
      logger,
    });
    setTimeout(() => ctrl.abort(new Error("stopped by test")), 50);
    await expect(run).rejects.toThrow("stopped by test");
  });

  it("says what to install when the binary or the model is missing", async () => {
    const call = (p: ReturnType<typeof createPocketsphinxProvider>) =>
      p.transcribe({ audioPath: "/x.wav", durationSeconds: 1, signal: new AbortController().signal, logger });
    await expect(call(createPocketsphinxProvider({ binary: "pocketsphinx_continuous_missing" }))).rejects.toThrow(
      /apt-get install -y pocketsphinx pocketsphinx-en-us/,
    );
    const noModel = call(createPocketsphinxProvider({ modelDir: join(dir, "no-model") }));
    await expect(noModel).rejects.toThrow(/apt-get install -y pocketsphinx-en-us/);
    await expect(noModel).rejects.toBeInstanceOf(AppError);
  });

  it("fails with an AppError on audio it cannot decode", async () => {
    const bad = join(dir, "8k.wav");
    const { writeWavFile } = await import("../../audio/wav");
    await writeWavFile(bad, { sampleRate: 8000, samples: new Int16Array(8000) });
    await expect(
      createPocketsphinxProvider().transcribe({
        audioPath: bad,
        durationSeconds: 1,
        signal: new AbortController().signal,
        logger,
      }),
    ).rejects.toThrow(/pocketsphinx\) failed/);
  });
});
