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

/** Words before "like" that make it a verb or comparison ("I like it", "looks like"), not a filler. */
const LIKE_NOT_AFTER = new Set(
  "i you we they he she people would i'd we'd you'd they'd to also really just looks look feel feels seems something more much don't didn't do does".split(
    " ",
  ),
);
/** Words before "sort of"/"kind of" that make it the noun ("a sort of tool"), not a filler. */
const KIND_AFTER = new Set("a an the this that these those what which some any one every each another".split(" "));
/** Words before "just" that make it the adjective ("a just cause", "a better or just future"). */
const JUST_ADJECTIVE_AFTER = new Set(["a", "an", "the", "more", "most", "very", "or", "and"]);

/**
 * Marks fillers, hedges and words inside flagged spans. Two-word phrases are
 * marked on both words. A word is "flagged" when its midpoint falls in a flag.
 * Words the recogniser was unsure of are never marked as fillers or hedges, and
 * "like", "sort of" and "just" in their literal sense are not either.
 */
export function classifyWords(words: TWord[], flags: Pick<TFlag, "start" | "end">[]): ClassifiedWord[] {
  const kinds: WordKind[] = words.map(() => null);
  const n = words.map(norm);
  for (let i = 0; i < words.length; i++) {
    if (words[i]!.uncertain) continue;
    const pair = i + 1 < words.length && !words[i + 1]!.uncertain ? `${n[i]} ${n[i + 1]}` : "";
    if ((pair === "sort of" || pair === "kind of") && KIND_AFTER.has(n[i - 1] ?? "")) {
      i++;
      continue;
    }
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
    const prev = n[i - 1] ?? "";
    if (w === "like" && LIKE_NOT_AFTER.has(prev)) continue;
    if (w === "just" && JUST_ADJECTIVE_AFTER.has(prev)) continue;
    if (FILLERS_1.has(w) || (w === "so" && endsSentence(words[i - 1]))) kinds[i] = "filler";
    else if (HEDGES_1.has(w)) kinds[i] = "hedge";
  }
  return words.map((w, index) => {
    const mid = (w.start + w.end) / 2;
    const f = flags.findIndex((fl) => mid >= fl.start && mid <= fl.end);
    return { ...w, index, kind: kinds[index] ?? null, flagIndex: f === -1 ? null : f };
  });
}
