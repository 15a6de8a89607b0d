import type { TWord } from "@coherence/shared";
import { describe, expect, it } from "vitest";
import { scriptAdherence } from "./adherence";
import { alignWords } from "./align";
import { scriptAlignedTranscript } from "./aligned-transcript";
import { numberToWords } from "./number-words";
import { spokenWords, tokeniseScript } from "./tokenise";

/** Recognised words from a text, one every 0.4 s. */
function spoken(text: string, from = 0): TWord[] {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word, i) => ({ word, start: from + i * 0.4, end: from + i * 0.4 + 0.3, confidence: 0.6 }));
}

const S1 = "Our product cuts the time to onboard a new engineer from six weeks to two.";
const S2 = "We measured this across forty teams in three countries last spring.";
const S3 = "The biggest gain came from pairing every newcomer with a mentor on day one.";
const S4 = "Next quarter we will open the program to every customer who asks for it.";
const SCRIPT = [S1, S2, S3, S4].join(" ");
const said = (...sentences: string[]) => spoken(sentences.join(" ").replace(/[.,]/g, "").toLowerCase());

describe("tokeniseScript", () => {
  it("keeps each word's character offsets and normalises what is said", () => {
    const text = "Hello, **world** — it's 1961!";
    const tokens = tokeniseScript(text);
    expect(tokens.map((t) => text.slice(t.charStart, t.charEnd))).toEqual(["Hello", "world", "it's", "1961"]);
    expect(tokens.map((t) => t.spoken)).toEqual([["hello"], ["world"], ["it", "is"], ["nineteen", "sixty", "one"]]);
  });

  it("spells numbers, money, percentages and contractions as spoken", () => {
    expect(numberToWords("2005")).toEqual(["two", "thousand", "five"]);
    expect(numberToWords("3.5")).toEqual(["three", "point", "five"]);
    expect(numberToWords("1,250")).toEqual(["one", "thousand", "two", "hundred", "fifty"]);
    expect(spokenWords("$40 and 12% don't we'll")).toEqual([
      "forty",
      "dollars",
      "and",
      "twelve",
      "percent",
      "do",
      "not",
      "we",
      "will",
    ]);
  });
});

describe("alignWords", () => {
  it("aligns a long skip as one gap, not as mismatches spread over the talk", () => {
    const a = "one two three four five six seven eight nine ten eleven twelve".split(" ");
    const b = "one two three ten eleven twelve".split(" ");
    const ops = alignWords(a, b);
    expect(ops.filter((o) => o.kind === "match")).toHaveLength(6);
    expect(ops.filter((o) => o.kind === "del").map((o) => (o.kind === "del" ? a[o.a] : ""))).toEqual(
      "four five six seven eight nine".split(" "),
    );
  });

  it("aligns a 9,000-word script in under two seconds", () => {
    const vocab = Array.from({ length: 800 }, (_, i) => `w${i}`);
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const script = Array.from({ length: 9000 }, () => vocab[Math.floor(rand() * vocab.length)] as string);
    const heard = script.filter((_, i) => i < 3000 || i > 3400).map((w) => (rand() < 0.2 ? "x" : w));
    const started = performance.now();
    const ops = alignWords(script, heard);
    expect(performance.now() - started).toBeLessThan(2000);
    const deleted = ops.filter((o) => o.kind === "del" && o.a >= 3000 && o.a <= 3400);
    expect(deleted.length).toBeGreaterThan(380);
  });
});

describe("scriptAdherence", () => {
  it("reports a word-perfect talk as fully delivered, as written", () => {
    const out = scriptAdherence({ script: SCRIPT, words: said(S1, S2, S3, S4), guidance: "none" });
    expect(out.deliveredShare).toBe(1);
    expect(out.asWrittenShare).toBe(1);
    expect(out.skipped).toEqual([]);
    expect(out.added).toEqual([]);
    expect(out.moved).toEqual([]);
  });

  it("reports a left-out sentence as skipped, at the time it should have come", () => {
    const words = said(S1, S3, S4);
    const out = scriptAdherence({ script: SCRIPT, words, guidance: "none" });
    expect(out.skipped).toHaveLength(1);
    expect(out.skipped[0]?.text).toBe(S2.replace(/\.$/, ""));
    const s1Words = S1.split(" ").length;
    expect(out.skipped[0]?.fromWord).toBe(s1Words);
    // Due right after the first sentence's last word.
    expect(out.skipped[0]?.start).toBeCloseTo(words[s1Words - 1]?.start ?? -1, 1);
    expect(out.deliveredShare).toBeLessThan(0.85);
    expect(out.words.filter((w) => w.status === "skipped")).toHaveLength(S2.split(" ").length);
  });

  it("reports an extra sentence as added, with its times", () => {
    const extra = "honestly this part surprised all of us when we first saw it";
    const words = spoken([S1, S2, extra, S3, S4].join(" ").replace(/[.,]/g, "").toLowerCase());
    const out = scriptAdherence({ script: SCRIPT, words, guidance: "none" });
    expect(out.added).toHaveLength(1);
    expect(out.added[0]?.text).toBe(extra);
    expect(out.added[0]?.fromWord).toBe(S1.split(" ").length + S2.split(" ").length);
    expect(out.deliveredShare).toBe(1);
  });

  it("reports two swapped sentences as said out of order", () => {
    const words = said(S1, S3, S2, S4);
    const out = scriptAdherence({ script: SCRIPT, words, guidance: "none" });
    expect(out.moved).toHaveLength(1);
    expect(out.skipped).toEqual([]);
    expect(out.added).toEqual([]);
    expect([S2, S3].map((s) => s.replace(/\.$/, ""))).toContain(out.moved[0]?.text);
    expect(out.words.filter((w) => w.status === "moved").length).toBeGreaterThan(10);
    expect(out.deliveredShare).toBe(1);
  });

  it("counts misrecognised words as changed, not skipped", () => {
    const words = said(S1, S2, S3, S4);
    for (const i of [3, 9, 20]) (words[i] as TWord).word = "blah";
    const out = scriptAdherence({ script: SCRIPT, words, guidance: "none" });
    expect(out.deliveredShare).toBe(1);
    expect(out.words.filter((w) => w.status === "changed")).toHaveLength(3);
    expect(out.skipped).toEqual([]);
  });
});

describe("scriptAlignedTranscript", () => {
  it("takes the script's words where aligned, keeps timing and added words, invents nothing for skips", () => {
    const words = spoken(
      "i think our product cuts the tim to onboard a new engineer from six weeks to two well basically",
    );
    const out = scriptAlignedTranscript({
      transcript: { provider: "pocketsphinx", language: "en", durationSeconds: 20, text: "", words },
      script: `${S1} ${S2}`,
    });
    expect(out.text).toBe(
      "i think our product cuts the time to onboard a new engineer from six weeks to two well basically",
    );
    const time = out.words.find((w) => w.word === "time");
    expect(time?.start).toBe(words[6]?.start);
    expect(out.words.find((w) => w.word === "think")?.confidence).toBe(0.6);
    expect(out.words.some((w) => w.word === "measured")).toBe(false);
  });
});
