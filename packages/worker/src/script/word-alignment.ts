import type { TWord } from "@coherence/shared";
import { type AlignOp, alignWords } from "./align";
import { type ScriptToken, spokenForms, tokeniseScript } from "./tokenise";

/** How one script token and the recognised words line up, after the word alignment. */
export type TokenAlignment = {
  token: ScriptToken;
  /** Spoken forms of the token matched exactly, substituted, or not said. */
  matched: number;
  substituted: number;
  missing: number;
  /** Indexes of the recognised words aligned to it. */
  words: number[];
};

export type ScriptAlignment = {
  tokens: TokenAlignment[];
  /** Runs of recognised words aligned to nothing, with the script token they come before. */
  insertions: { words: number[]; beforeToken: number }[];
};

/**
 * Aligns recognised words to a script, word by word: both sides are normalised to spoken forms
 * (so "1961" meets "nineteen sixty one" and "it's" meets "it is"), aligned globally, then folded
 * back onto script tokens and recognised words.
 */
export function alignScript(opts: { script: string; words: readonly TWord[] }): ScriptAlignment {
  const tokens = tokeniseScript(opts.script);
  const a: string[] = [];
  const aOwner: number[] = [];
  tokens.forEach((t, i) => {
    for (const s of t.spoken) {
      a.push(s);
      aOwner.push(i);
    }
  });
  const b: string[] = [];
  const bOwner: number[] = [];
  opts.words.forEach((w, i) => {
    for (const s of spokenForms(w.word)) {
      b.push(s);
      bOwner.push(i);
    }
  });
  const ops = alignWords(a, b);
  const out: TokenAlignment[] = tokens.map((token) => ({ token, matched: 0, substituted: 0, missing: 0, words: [] }));
  const alignedWords = new Set<number>();
  for (const op of ops) {
    if (op.kind === "ins") continue;
    const t = out[aOwner[op.a] as number] as TokenAlignment;
    if (op.kind === "del") t.missing++;
    else {
      if (op.kind === "match") t.matched++;
      else t.substituted++;
      const w = bOwner[op.b] as number;
      if (!t.words.includes(w)) t.words.push(w);
      alignedWords.add(w);
    }
  }
  return { tokens: out, insertions: insertionRuns({ ops, aOwner, bOwner, alignedWords, tokenCount: tokens.length }) };
}

function insertionRuns(opts: {
  ops: AlignOp[];
  aOwner: number[];
  bOwner: number[];
  alignedWords: Set<number>;
  tokenCount: number;
}): ScriptAlignment["insertions"] {
  const runs: ScriptAlignment["insertions"] = [];
  let current: number[] = [];
  const close = (beforeToken: number) => {
    if (current.length > 0) runs.push({ words: current, beforeToken });
    current = [];
  };
  for (const op of opts.ops) {
    if (op.kind === "ins") {
      const w = opts.bOwner[op.b] as number;
      if (!opts.alignedWords.has(w) && current.at(-1) !== w) current.push(w);
    } else if (op.kind !== "del") close(opts.aOwner[op.a] as number);
  }
  close(opts.tokenCount);
  return runs;
}

/** Share of recognised words that match the script exactly where the alignment puts them. */
export function scriptMatchShare(opts: { script: string; words: readonly TWord[] }): number {
  if (opts.words.length === 0) return 0;
  const { tokens } = alignScript(opts);
  let matched = 0;
  for (const t of tokens) if (t.substituted === 0 && t.missing === 0) matched += t.words.length;
  return matched / opts.words.length;
}
