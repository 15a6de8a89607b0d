import type { TFlag, TWord } from "@coherence/shared";

/** Microsoft Teams Speaker Coach's filler list (coaching.md); "so" counts only at the start of a sentence. */
const FILLERS_1 = new Set([
  "um",
  "uh",
  "umm",
  "uhh",
  "ah",
  "hmm",
  "er",
  "erm",
  "like",
  "actually",
  "basically",
  "anyway",
]);
const FILLERS_2 = new Set(["you know", "i mean", "kind of", "sort of"]);
const HEDGES_1 = new Set(["maybe", "perhaps", "probably", "possibly", "just", "somewhat", "might"]);
const HEDGES_2 = new Set(["i think", "i guess", "i believe", "i feel", "not sure"]);

export type WordKind = "filler" | "hedge" | null;

export type ClassifiedWord = TWord & {
  index: number;
  kind: WordKind;
  /** Index into the flags array of the flag whose span covers this word, if any. */
  flagIndex: number | null;
};

const norm = (w: TWord) => w.word.toLowerCase().replace(/[^\p{L}\p{N}']/gu, "");
const endsSentence = (w: TWord | undefined) => !w || /[.!?]$/.test(w.display ?? "");

/**
 * Marks fillers, hedges and words inside flagged spans. Two-word phrases are
 * marked on both words. A word is "flagged" when its midpoint falls in a flag.
 */
export function classifyWords(words: TWord[], flags: Pick<TFlag, "start" | "end">[]): ClassifiedWord[] {
  const kinds: WordKind[] = words.map(() => null);
  const n = words.map(norm);
  for (let i = 0; i < words.length; i++) {
    const pair = i + 1 < words.length ? `${n[i]} ${n[i + 1]}` : "";
    if (FILLERS_2.has(pair)) {
      kinds[i] = kinds[i + 1] = "filler";
      i++;
      continue;
    }
    if (HEDGES_2.has(pair)) {
      kinds[i] = kinds[i + 1] = "hedge";
      i++;
      continue;
    }
    const w = n[i]!;
    if (FILLERS_1.has(w) || (w === "so" && endsSentence(words[i - 1]))) kinds[i] = "filler";
    else if (HEDGES_1.has(w)) kinds[i] = "hedge";
  }
  return words.map((w, index) => {
    const mid = (w.start + w.end) / 2;
    const f = flags.findIndex((fl) => mid >= fl.start && mid <= fl.end);
    return { ...w, index, kind: kinds[index] ?? null, flagIndex: f === -1 ? null : f };
  });
}
