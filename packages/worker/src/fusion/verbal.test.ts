import { describe, expect, it } from "vitest";
import { CUES } from "./lexicons";
import { script } from "./testing/build";
import { matchPhrases, normalizeWord, splitSentences, tokenize } from "./text";
import {
  extractVerbal,
  findFillers,
  findNonInclusive,
  findPauses,
  findRepetitions,
  lexiconSentiment,
  wpmWindows,
} from "./verbal";

const tokensOf = (text: string, wordSeconds = 0.4) => tokenize(script([{ text, wordSeconds }]).transcript.words);

describe("text", () => {
  it("normalises words and drops recogniser markers", () => {
    expect(normalizeWord("I’m")).toBe("i'm");
    expect(normalizeWord("Hello,")).toBe("hello");
    expect(normalizeWord("the(2)")).toBe("the");
    const tokens = tokenize([
      { word: "<s>", start: 0, end: 0.1, confidence: 1 },
      { word: "[noise]", start: 0.1, end: 0.2, confidence: 1 },
      { word: "hello", start: 0.3, end: 0.6, confidence: 0.9 },
      { word: "...", start: 0.6, end: 0.7, confidence: 0.9 },
    ]);
    expect(tokens.map((t) => t.w)).toEqual(["hello"]);
  });

  it("splits sentences at punctuation, at silent gaps and at the word cap", () => {
    const punctuated = tokensOf("One two three. Four five!");
    expect(splitSentences(punctuated).map((s) => s.text)).toEqual(["One two three.", "Four five!"]);
    const { transcript } = script([{ text: "one two three", pauseAfter: 1 }, { text: "four five" }]);
    expect(splitSentences(tokenize(transcript.words)).map((s) => s.to - s.from)).toEqual([3, 2]);
    const long = tokensOf(Array.from({ length: 70 }, () => "word").join(" "));
    expect(splitSentences(long, { maxWords: 30 }).map((s) => s.to - s.from)).toEqual([30, 30, 10]);
  });

  it("matches the longest phrase first without overlaps", () => {
    const tokens = tokensOf("the key point is this key point");
    const matches = matchPhrases(tokens, [
      ["key point", 0.9],
      ["the key point", 1],
    ]);
    expect(matches.map((m) => m.phrase)).toEqual(["the key point", "key point"]);
  });
});

describe("fillers", () => {
  it("counts the Teams list, multi-word fillers, and 'so' only sentence-initial", () => {
    const tokens = tokensOf(
      "So, um, you know, I mean it was basically fine. We did it, so it worked. Uh actually yes.",
    );
    const fillers = findFillers(tokens, splitSentences(tokens)).map((f) => f.text);
    expect(fillers).toEqual(["so", "um", "you know", "i mean", "basically", "uh", "actually"]);
  });

  it("does not count 'like' as a verb or comparison", () => {
    const tokens = tokensOf("I like this. It looks like rain. It was like, huge.");
    expect(findFillers(tokens, splitSentences(tokens)).map((f) => f.text)).toEqual(["like"]);
  });
});

describe("cues", () => {
  it("finds hedges, confidence markers, emphasis, claims, deixis and brevity", () => {
    const v = extractVerbal(
      script([
        {
          text: "I think this is critical. I am confident the data shows growth. As you can see here. Let me briefly explain. Join us.",
        },
      ]).transcript,
    );
    expect(v.cues.hedges.map((m) => m.phrase)).toContain("i think");
    expect(v.cues.confidence.map((m) => m.phrase)).toContain("i am confident");
    expect(v.cues.emphasis.map((m) => m.phrase)).toContain("this is critical");
    expect(v.cues.claims.map((m) => m.phrase)).toContain("the data shows");
    expect(v.cues.deictic.map((m) => m.phrase)).toEqual(["as you can see", "here"]);
    expect(v.cues.brevity.map((m) => m.phrase)).toEqual(["briefly"]);
    expect(v.cues.callToAction.map((m) => m.phrase)).toEqual(["join us"]);
  });

  it("ships weights between 0 and 1 for every cue", () => {
    for (const list of Object.values(CUES)) {
      for (const [, w] of list) {
        expect(w).toBeGreaterThan(0);
        expect(w).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("sentiment", () => {
  const s = (text: string) => {
    const tokens = tokensOf(text);
    return lexiconSentiment(tokens, 0, tokens.length);
  };
  it("reads positive, negative and neutral sentences", () => {
    expect(s("I am thrilled to share this great news")).toBeGreaterThan(0.333);
    expect(s("We had a terrible and painful failure")).toBeLessThan(-0.333);
    expect(s("The meeting is on Tuesday at noon")).toBe(0);
  });
  it("flips negated words and scales intensified ones", () => {
    expect(s("this is not good")).toBeLessThan(0);
    expect(s("this is very good")).toBeGreaterThan(s("this is good"));
  });
  it("blends in the provider's sentiment when present", () => {
    const { transcript } = script([{ text: "The meeting is on Tuesday at noon." }]);
    const withProvider = { ...transcript, sentiment: [{ start: 0, end: 10, text: "", score: 0.8 }] };
    expect(extractVerbal(withProvider).sentences[0]!.sentiment).toBeCloseTo(0.4);
    expect(extractVerbal(transcript).sentences[0]!.sentiment).toBe(0);
  });
});

describe("repetition", () => {
  it("finds stutters, repeated phrases and overused words", () => {
    const reps = findRepetitions(
      tokensOf("we we need growth. the next step is key. the next step is hard. the next step is done. data data"),
    ).map((r) => r.text);
    expect(reps).toContain("we we");
    expect(reps.filter((r) => r === "the next step is")).toHaveLength(2);
    expect(reps).toContain("data data");
    const overused = findRepetitions(tokensOf("budget one budget two budget three budget four budget")).map(
      (r) => r.text,
    );
    expect(overused).toEqual(["budget", "budget"]);
  });
  it("ignores function-word phrases and legit doubles", () => {
    expect(findRepetitions(tokensOf("it is the it is the it is the. I had had enough"))).toEqual([]);
  });
});

describe("non-inclusive language", () => {
  it("finds listed terms with alternatives, including hyphenated ones said as two words", () => {
    const found = findNonInclusive(tokensOf("Hey guys, we need more manpower and man hours on the blacklist"));
    expect(found.map((f) => f.text)).toEqual(["guys", "manpower", "man hours", "blacklist"]);
    expect(found[0]!.alternatives).toContain("everyone");
  });
});

describe("pauses and pace", () => {
  it("unites word gaps with audio pauses and classifies them", () => {
    const { transcript } = script([
      { text: "first part of", pauseAfter: 1.6 },
      { text: "the talk.", pauseAfter: 0.6 },
      { text: "Then more." },
    ]);
    const tokens = tokenize(transcript.words);
    const pauses = findPauses(tokens, [{ start: 0, end: 0.4 }]);
    expect(pauses.map((p) => p.kind)).toEqual(["long", "medium"]);
    expect(pauses[0]!.midClause).toBe(true);
    expect(pauses[1]!.midClause).toBe(false);
    expect(findPauses([], [])).toEqual([]);
  });

  it("computes WPM in fixed windows", () => {
    const tokens = tokensOf(Array.from({ length: 100 }, () => "word").join(" "), 0.4);
    const windows = wpmWindows(tokens, 30);
    expect(windows).toHaveLength(2);
    expect(Math.abs(windows[0]!.wpm - 150)).toBeLessThanOrEqual(2);
  });
});
