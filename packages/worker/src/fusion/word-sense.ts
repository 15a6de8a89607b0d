import type { PhraseMatch, Token } from "./text";

// Hedge and filler words that have a literal sense too: "a just cause", "I like it",
// "a sort of tool". Only the hedging or filler sense counts.

/** Words after which "just" is the adjective (fair): "a just cause", "a more just world". */
const JUST_ADJECTIVE_AFTER = new Set(["a", "an", "the", "more", "most", "less", "very", "truly", "perfectly"]);
/** Adjectives that "just" is paired with: "fair and just", "a better or just future". */
const PAIRED_ADJECTIVE = /^(fair|good|right|true|free|equal|safe|kind|honest|moral|better|fairer|humane|lawful)$/;
const LOOKS_ADJECTIVE = /(er|ful|ous|al|ive|ble|ic)$/;
const AND_OR = new Set(["and", "or", "but"]);

/** Whether token i, "just", is the adjective rather than the hedge ("only", "simply"). */
export function isAdjectiveJust(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1]?.w;
  const before = tokens[i - 2]?.w;
  if (prev && JUST_ADJECTIVE_AFTER.has(prev)) return true;
  if (prev && AND_OR.has(prev) && before && (PAIRED_ADJECTIVE.test(before) || LOOKS_ADJECTIVE.test(before)))
    return !isVerbLike(tokens[i + 1]?.w);
  return false;
}

/** Words that usually follow the adverb "just" rather than the adjective: verbs and particles. */
function isVerbLike(w: string | undefined): boolean {
  return (
    !!w && /^(do|did|go|went|want|wanted|need|say|said|get|got|make|made|like|about|as|to|a|the|in|on|now|one)$/.test(w)
  );
}

/** Determiners after which "sort of"/"kind of" name a kind of thing: "a sort of tool", "what kind of". */
const KIND_DETERMINERS = new Set([
  "a",
  "an",
  "the",
  "this",
  "that",
  "these",
  "those",
  "what",
  "which",
  "some",
  "any",
  "one",
  "every",
  "each",
  "another",
  "same",
  "different",
  "new",
  "right",
  "only",
  "all",
]);

/** Whether a "sort of"/"kind of" match is the noun sense ("a sort of tool") rather than a hedge. */
export function isKindNoun(tokens: Token[], m: { from: number }): boolean {
  const prev = tokens[m.from - 1]?.w;
  return !!prev && KIND_DETERMINERS.has(prev);
}

/** Whether a hedge match is used in its literal sense and so is no hedge. */
export function isLiteralHedge(tokens: Token[], m: PhraseMatch): boolean {
  if (m.phrase === "just") return isAdjectiveJust(tokens, m.from);
  if (m.phrase === "sort of" || m.phrase === "kind of") return isKindNoun(tokens, m);
  return false;
}

/** Whether any token of [from, to) is marked uncertain by the recogniser. */
export function touchesUncertain(tokens: Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (tokens[k]?.uncertain) return true;
  return false;
}
