import { describe, expect, it } from "vitest";
import { deepgramKeyTermParams } from "../providers/speech/deepgram";
import { WHISPER_PROMPT_MAX_CHARS, whisperScriptPrompt } from "../providers/speech/whisper";
import { scriptKeyTerms } from "./key-terms";

describe("scriptKeyTerms", () => {
  it("picks names, acronyms and numbers, not common words or sentence starts", () => {
    const script = "Today we launch Coherence with Ada Lovelace. Our NPS rose to 72 in Q3. Thanks to the AWS team!";
    expect(scriptKeyTerms(script)).toEqual(["Coherence", "Ada Lovelace", "NPS", "72", "Q3", "AWS"]);
  });
});

describe("whisperScriptPrompt", () => {
  it("keeps the script's tail within the prompt limit, cut at a word", () => {
    const script = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const prompt = whisperScriptPrompt(script);
    expect(prompt.length).toBeLessThanOrEqual(WHISPER_PROMPT_MAX_CHARS);
    expect(prompt.endsWith("word399")).toBe(true);
    expect(prompt.startsWith("word")).toBe(true);
  });
});

describe("deepgramKeyTermParams", () => {
  it("uses keyterm for Nova-3 and single-word keywords for older models", () => {
    expect(deepgramKeyTermParams("nova-3", ["Ada Lovelace", "NPS"])).toEqual({ keyterm: ["Ada Lovelace", "NPS"] });
    expect(deepgramKeyTermParams("nova-2", ["Ada Lovelace", "NPS"])).toEqual({ keywords: ["Ada", "Lovelace", "NPS"] });
    expect(deepgramKeyTermParams("nova-3", [])).toEqual({});
  });
});
