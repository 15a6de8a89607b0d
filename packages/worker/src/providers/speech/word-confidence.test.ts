import { describe, expect, it } from "vitest";
import { parsePocketsphinxOutput } from "./pocketsphinx";
import { MASKED_WORD, markWordConfidence } from "./word-confidence";

const transcript = (words: [string, number][], provider = "deepgram") => ({
  provider,
  language: "en",
  durationSeconds: 5,
  text: words.map(([w]) => w).join(" "),
  words: words.map(([word, confidence], i) => ({ word, start: i * 0.4, end: i * 0.4 + 0.3, confidence })),
});

describe("markWordConfidence", () => {
  it("marks the words below the recogniser's own floor uncertain", () => {
    const stdout = [
      "<s> 0.000 0.040 0.998900",
      "my 0.990 1.280 0.942323",
      "arrow 1.760 2.300 0.000685",
      "not 3.990 4.300 0.817730",
    ].join("\n");
    const t = parsePocketsphinxOutput({ stdout, durationSeconds: 5 });
    expect(t.words.map((w) => [w.word, w.uncertain])).toEqual([
      ["my", false],
      ["arrow", true],
      ["not", false],
    ]);
  });

  it("never prints a profanity the recogniser was not highly confident of", () => {
    const t = markWordConfidence(
      transcript([
        ["what", 0.9],
        ["the", 0.9],
        ["shit", 0.7],
        ["happened", 0.9],
      ]),
    );
    expect(t.words[2]).toMatchObject({ display: MASKED_WORD, uncertain: true });
    expect(t.words.map((w) => w.word)).not.toContain("shit");
    expect(t.text).toBe(`what the ${MASKED_WORD} happened`);
    // Even a word above the uncertainty floor stays masked below the profanity bar.
    const low = markWordConfidence(transcript([["damn", 0.5]], "pocketsphinx"));
    expect(low.text).not.toMatch(/damn/);
  });

  it("prints a profanity the recogniser is highly confident of", () => {
    const t = markWordConfidence(
      transcript([
        ["damn", 0.99],
        ["good", 0.98],
      ]),
    );
    expect(t.words[0]).toMatchObject({ word: "damn", uncertain: false });
    expect(t.text).toBe("damn good");
  });
});
