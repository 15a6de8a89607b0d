import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEBIAN_POCKETSPHINX_MODEL_DIR } from "../pocketsphinx";
import { buildMixedArpa } from "./arpa";
import { ipaToCmu } from "./g2p";
import { parseTrieUnigrams } from "./general-model";
import { scriptSentences } from "./index";

describe("ipaToCmu", () => {
  it("maps espeak-ng's US English phonemes to CMU phones", () => {
    expect(ipaToCmu("k_j_ˈuː_b_ɚ_n_ˌiː_t_s")).toEqual(["K", "Y", "UW", "B", "ER", "N", "IY", "T", "S"]);
    expect(ipaToCmu("ˈɑː_n_b_oːɹ_d_ɪ_ŋ")).toEqual(["AA", "N", "B", "AO", "R", "D", "IH", "NG"]);
    expect(ipaToCmu("dʒ_ˈʌ_dʒ")).toEqual(["JH", "AH", "JH"]);
    expect(ipaToCmu("ɹ_ᵻ_h_ˈɜː_s_əl")).toEqual(["R", "IH", "HH", "ER", "S", "AH", "L"]);
    expect(ipaToCmu("θ_ˈɔː_t")).toEqual(["TH", "AO", "T"]);
  });
});

/** Parses the ARPA text into (history → sum of explicit probabilities) for checks. */
function parseArpa(text: string) {
  const grams = new Map<string, { p: number; bow: number }>();
  let order = 0;
  for (const line of text.split("\n")) {
    const m = /^\\(\d)-grams:$/.exec(line);
    if (m) {
      order = Number(m[1]);
      continue;
    }
    const parts = line.split("\t");
    if (order === 0 || parts.length < order + 1) continue;
    const words = parts.slice(1, order + 1).join(" ");
    grams.set(words, { p: 10 ** Number(parts[0]), bow: 10 ** Number(parts[order + 1] ?? 0) });
  }
  return grams;
}

describe("buildMixedArpa", () => {
  const general = {
    words: ["<s>", "</s>", "the", "cat", "sat", "dog", "ran"],
    log10Probs: Float64Array.from([-99, -1, -0.5, -1.2, -1.3, -1.1, -1.4].map((x) => x)),
  };
  const arpa = buildMixedArpa({
    sentences: [
      ["the", "cat", "sat"],
      ["the", "dog", "ran"],
    ],
    general,
    scriptWeight: 0.9,
    pronounceable: () => true,
  });
  const grams = parseArpa(arpa);
  const vocab = ["</s>", "the", "cat", "sat", "dog", "ran"];
  const prob = (h: string[], w: string): number => {
    const key = [...h, w].join(" ");
    const hit = grams.get(key);
    if (hit) return hit.p;
    if (h.length === 0) return 0;
    return (grams.get(h.join(" "))?.bow ?? 1) * prob(h.slice(1), w);
  };

  it("gives every history a distribution that sums to one", () => {
    for (const h of [[], ["the"], ["<s>"], ["<s>", "the"], ["the", "cat"], ["cat"], ["dog", "sat"]]) {
      const sum = vocab.reduce((a, w) => a + prob(h, w), 0);
      expect(sum).toBeCloseTo(1, 2);
    }
  });

  it("favours the script's continuations, and keeps the general words possible", () => {
    const next = vocab.filter((w) => w !== "sat").map((w) => prob(["the", "cat"], w));
    expect(prob(["the", "cat"], "sat")).toBeGreaterThan(Math.max(...next));
    expect(prob(["the", "cat"], "sat")).toBeGreaterThan(5 * prob(["the", "dog"], "sat"));
    expect(prob(["the", "cat"], "ran")).toBeGreaterThan(0);
    expect(prob(["the", "cat"], "ran")).toBeLessThan(0.1);
    // An utterance may start mid-sentence: "<s> cat" is a seen start.
    expect(prob(["<s>"], "cat")).toBeGreaterThan(0.1);
  });
});

describe("scriptSentences", () => {
  it("splits at sentence ends and line breaks, with spoken forms", () => {
    expect(scriptSentences("We grew 12% in 2021.\nThank you!")).toEqual([
      ["we", "grew", "twelve", "percent", "in", "twenty", "twenty", "one"],
      ["thank", "you"],
    ]);
  });
});

const lm = join(DEBIAN_POCKETSPHINX_MODEL_DIR, "en-us.lm.bin");
describe.skipIf(!existsSync(lm))("parseTrieUnigrams on the installed en-us model", () => {
  it("reads 72,547 words whose unigram probabilities sum to one", () => {
    const { words, log10Probs } = parseTrieUnigrams(readFileSync(lm));
    expect(words).toHaveLength(72_547);
    expect(words).toContain("country");
    let sum = 0;
    for (const p of log10Probs) sum += 10 ** p;
    expect(sum).toBeCloseTo(1, 3);
  });
});
