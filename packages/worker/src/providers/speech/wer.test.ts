import { describe, expect, it } from "vitest";
import { normaliseWords, wordErrorRate } from "./wer";

describe("normaliseWords", () => {
  it("lower-cases, strips punctuation and keeps in-word apostrophes", () => {
    expect(normaliseWords("And so, my fellow Americans: ask not — what 'your' country's “can” do!")).toEqual([
      "and",
      "so",
      "my",
      "fellow",
      "americans",
      "ask",
      "not",
      "what",
      "your",
      "country's",
      "can",
      "do",
    ]);
  });
});

describe("wordErrorRate", () => {
  it("is 0 for identical text regardless of case and punctuation", () => {
    const r = wordErrorRate({
      reference: "Ask not what your country can do.",
      hypothesis: "ask not what your country can do",
    });
    expect(r).toEqual({ wer: 0, substitutions: 0, deletions: 0, insertions: 0, referenceWords: 7 });
  });

  it("counts substitutions, deletions and insertions separately", () => {
    expect(wordErrorRate({ reference: "a b c", hypothesis: "a x c" })).toMatchObject({ substitutions: 1, wer: 1 / 3 });
    expect(wordErrorRate({ reference: "a b c", hypothesis: "a c" })).toMatchObject({ deletions: 1, wer: 1 / 3 });
    expect(wordErrorRate({ reference: "a c", hypothesis: "a b c" })).toMatchObject({ insertions: 1, wer: 1 / 2 });
    // Two insertions, one substitution and one deletion against five reference words.
    const r = wordErrorRate({ reference: "a b c d e", hypothesis: "now a x c e then" });
    expect(r.substitutions + r.deletions + r.insertions).toBe(4);
    expect(r.wer).toBeCloseTo(4 / 5);
  });

  it("is 1 for an empty hypothesis and can exceed 1 with insertions", () => {
    expect(wordErrorRate({ reference: "one two", hypothesis: "" }).wer).toBe(1);
    expect(wordErrorRate({ reference: "one", hypothesis: "two three four" }).wer).toBe(3);
  });

  it("handles an empty reference", () => {
    expect(wordErrorRate({ reference: "", hypothesis: "" }).wer).toBe(0);
    expect(wordErrorRate({ reference: "", hypothesis: "hello" }).wer).toBe(1);
  });
});
