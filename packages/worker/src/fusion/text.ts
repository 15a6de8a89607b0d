import type { TWord } from "@coherence/shared";
import type { WeightedPhrase } from "./lexicons";

/** One spoken word, normalised for matching. `i` is its index in the token list. */
export type Token = {
  i: number;
  w: string;
  display: string;
  start: number;
  end: number;
  confidence: number;
  /** Below the recogniser's trusted confidence: never quoted, never counted as a filler or hedge. */
  uncertain: boolean;
};

/** A sentence (or utterance, when the transcript has no punctuation) as a token range. */
export type Sentence = { index: number; from: number; to: number; start: number; end: number; text: string };

/** A phrase found in the token stream: tokens [from, to). */
export type PhraseMatch = { phrase: string; weight: number; from: number; to: number; start: number; end: number };

/** Lower-case, curly quotes straightened, punctuation and recogniser markers such as "(2)" removed. */
export function normalizeWord(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\(\d+\)$/, "")
    .replace(/[^a-z0-9'-]/g, "")
    .replace(/^['-]+|['-]+$/g, "");
}

/** Turns transcript words into tokens, dropping recogniser markers (<s>, [noise], <sil>) and empty words. */
export function tokenize(words: TWord[]): Token[] {
  const tokens: Token[] = [];
  for (const word of [...words].sort((a, b) => a.start - b.start)) {
    if (/^[<[]/.test(word.word.trim())) continue;
    const w = normalizeWord(word.word);
    if (!w) continue;
    tokens.push({
      i: tokens.length,
      w,
      display: word.display ?? word.word,
      start: word.start,
      end: Math.max(word.end, word.start),
      confidence: word.confidence,
      uncertain: word.uncertain === true,
    });
  }
  return tokens;
}

const TERMINAL = /[.!?]["')\]]*$/;

/** Whether the token's written form ends a sentence. */
export function endsSentence(token: Token): boolean {
  return TERMINAL.test(token.display.trim());
}

/**
 * Splits tokens into sentences: at terminal punctuation when the provider gives it,
 * and at silent gaps of `gapSeconds` or more (Deepgram splits utterances at 0.8 s),
 * capping a sentence at `maxWords` so unpunctuated transcripts still yield short units.
 */
export function splitSentences(tokens: Token[], opts: { gapSeconds?: number; maxWords?: number } = {}): Sentence[] {
  const gap = opts.gapSeconds ?? 0.8;
  const maxWords = opts.maxWords ?? 30;
  const sentences: Sentence[] = [];
  let from = 0;
  const close = (to: number) => {
    if (to <= from) return;
    const slice = tokens.slice(from, to);
    sentences.push({
      index: sentences.length,
      from,
      to,
      start: slice[0]!.start,
      end: slice[slice.length - 1]!.end,
      text: slice.map((t) => t.display).join(" "),
    });
    from = to;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (!next || endsSentence(token) || next.start - token.end >= gap || i + 1 - from >= maxWords) close(i + 1);
  }
  return sentences;
}

/**
 * Finds the phrases of `phrases` in the token stream. Longer phrases win over
 * the shorter phrases they contain, and matches of one list never overlap.
 */
export function matchPhrases(tokens: Token[], phrases: WeightedPhrase[]): PhraseMatch[] {
  const sorted = phrases
    .map(([phrase, weight]) => ({ phrase, weight, parts: phrase.split(/\s+/) }))
    .sort((a, b) => b.parts.length - a.parts.length);
  const taken = new Uint8Array(tokens.length);
  const matches: PhraseMatch[] = [];
  for (const { phrase, weight, parts } of sorted) {
    for (let i = 0; i + parts.length <= tokens.length; i++) {
      let ok = true;
      for (let k = 0; k < parts.length; k++) {
        if (taken[i + k] || tokens[i + k]!.w !== parts[k]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      for (let k = 0; k < parts.length; k++) taken[i + k] = 1;
      const to = i + parts.length;
      matches.push({ phrase, weight, from: i, to, start: tokens[i]!.start, end: tokens[to - 1]!.end });
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

/** The sentence that contains token `i`. */
export function sentenceOf<S extends Sentence>(sentences: S[], i: number): S | undefined {
  const k = lowerBound(sentences, (s) => s.to, i + 1);
  const s = sentences[k];
  return s && i >= s.from && i < s.to ? s : undefined;
}

/**
 * The spoken text between two times, shortened to `maxChars`. Words the recogniser was unsure of
 * are never quoted: a run of them reads "…".
 */
export function quoteBetween(tokens: Token[], start: number, end: number, maxChars = 160): string {
  // Tokens are sorted by start and short, so start from the first one that can overlap.
  const from = Math.max(0, lowerBound(tokens, (t) => t.start, start) - 1);
  const picked: string[] = [];
  for (let k = from; k < tokens.length && tokens[k]!.start < end; k++) {
    if (tokens[k]!.end <= start) continue;
    const shown = tokens[k]!.uncertain ? "…" : tokens[k]!.display;
    if (shown !== "…" || picked[picked.length - 1] !== "…") picked.push(shown);
  }
  if (picked.every((p) => p === "…")) return "";
  const text = picked.join(" ");
  return text.length > maxChars ? `${text.slice(0, maxChars - 1).trimEnd()}…` : text;
}

/** Mean recogniser confidence of tokens [from, to). */
export function meanConfidence(tokens: Token[], from: number, to: number): number {
  const slice = tokens.slice(from, to);
  if (slice.length === 0) return 0;
  return slice.reduce((s, t) => s + t.confidence, 0) / slice.length;
}

/** Clamps to [lo, hi] (default 0–1). */
export function clamp(x: number, lo = 0, hi = 1): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo;
}

/** Rounds to `digits` decimals, for readable observations and metrics. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Index of the first item whose `key` is ≥ x, in an array sorted by `key` (binary search). */
export function lowerBound<T>(items: readonly T[], key: (item: T) => number, x: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(items[mid]!) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Items with `key` in [start, end] from an array sorted by `key`. */
export function sliceBetween<T>(items: readonly T[], key: (item: T) => number, start: number, end: number): T[] {
  return items.slice(lowerBound(items, key, start), lowerBound(items, key, end + 1e-9));
}

/** "1 moment", "2 moments": counts in user-facing text are never written "moment(s)". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
