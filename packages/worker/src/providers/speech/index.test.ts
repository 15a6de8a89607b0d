import { describe, expect, it } from "vitest";
import { createSpeechProvider } from "./index";

describe("createSpeechProvider", () => {
  it("defaults to pocketsphinx", () => {
    expect(createSpeechProvider({ SPEECH_ENGINE: "pocketsphinx", WHISPER_MODEL_PATH: undefined }).name).toBe(
      "pocketsphinx",
    );
  });

  it("refuses whisper without a model, saying how to enable it", () => {
    expect(() => createSpeechProvider({ SPEECH_ENGINE: "whisper", WHISPER_MODEL_PATH: undefined })).toThrow(
      /WHISPER_MODEL_PATH.*ggml/,
    );
    expect(() =>
      createSpeechProvider({ SPEECH_ENGINE: "whisper", WHISPER_MODEL_PATH: "/nonexistent/ggml-base.en.bin" }),
    ).toThrow(/is not a file/);
  });

  it("builds the whisper provider when the model file exists", () => {
    // Any existing file passes the cheap check; loading happens on first use.
    expect(createSpeechProvider({ SPEECH_ENGINE: "whisper", WHISPER_MODEL_PATH: import.meta.filename }).name).toBe(
      "whisper",
    );
  });

  it("rejects an unknown engine", () => {
    expect(() => createSpeechProvider({ SPEECH_ENGINE: "kaldi" as "whisper", WHISPER_MODEL_PATH: undefined })).toThrow(
      /Unknown SPEECH_ENGINE/,
    );
  });
});
