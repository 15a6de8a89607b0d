import { readFileSync } from "node:fs";
import { createLogger } from "@coherence/core";
import { describe, expect, it } from "vitest";
import { sharedFixturePath } from "../../../test/fixtures/speech";
import { wordErrorRate } from "./wer";
import { createWhisperProvider } from "./whisper";

// whisper.cpp on the real jfk.wav. It needs a ggml model, and no npm or Debian
// package ships one (documentation/speech.md lists what was searched), so this
// runs only where WHISPER_MODEL_PATH points at a model file; elsewhere it says
// why it skips.

const logger = createLogger({ level: "silent" });
const modelPath = process.env.WHISPER_MODEL_PATH;
const jfkWav = sharedFixturePath("speech", "jfk.wav");
const jfkTxt = sharedFixturePath("speech", "jfk.txt");
/** jfk.wav is 11.0 s long. */
const JFK_SECONDS = 11;
/**
 * Not yet measured here (no model). whisper.cpp's own figures put tiny.en and
 * base.en at 0–2 errors on this clip (WER ≤ 0.1); the bound leaves room for
 * tiny.en's spelling of names and numbers while still failing a broken token-to-word mapping.
 */
const JFK_WER_BOUND = 0.2;

const skip = !modelPath || !jfkWav || !jfkTxt;
if (skip) {
  console.warn(
    !modelPath
      ? "WHISPER_MODEL_PATH is not set: skipping the whisper jfk.wav WER test (no package ships a ggml model)"
      : "shared/fixtures/speech/jfk.wav not found beside the repository: skipping the whisper WER test",
  );
}

describe.skipIf(skip)("whisper on shared/fixtures/speech/jfk.wav", () => {
  it(`transcribes with WER ≤ ${JFK_WER_BOUND}, with ordered word timings, and reports its real-time factor`, async () => {
    const provider = createWhisperProvider({ modelPath, threads: 2 });
    const started = performance.now();
    const t = await provider.transcribe({
      audioPath: jfkWav as string,
      durationSeconds: JFK_SECONDS,
      signal: AbortSignal.timeout(300_000),
      logger,
    });
    const seconds = (performance.now() - started) / 1000;
    const wer = wordErrorRate({ reference: readFileSync(jfkTxt as string, "utf8"), hypothesis: t.text });
    // The first call includes loading the model: the RTF printed is an upper bound.
    console.info(
      `whisper (${modelPath}) jfk.wav WER ${wer.wer.toFixed(3)}, ${seconds.toFixed(1)} s (RTF ≤ ${(seconds / JFK_SECONDS).toFixed(2)} on 2 threads): "${t.text}"`,
    );
    expect(wer.wer).toBeLessThanOrEqual(JFK_WER_BOUND);
    // "what your country can do for you" is 5.3–7.7 s into the clip.
    const country = t.words.find((w) => w.word === "country");
    expect(country?.start).toBeGreaterThan(5);
    expect(country?.end).toBeLessThan(8);
    for (const [i, w] of t.words.entries()) {
      expect(w.end).toBeGreaterThanOrEqual(w.start);
      if (i > 0) expect(w.start).toBeGreaterThanOrEqual(t.words[i - 1]?.start ?? 0);
    }
  }, 600_000);
});
