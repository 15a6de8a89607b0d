import { numberToWords } from "./number-words";

/** One word of a script as written, with its place in the text. */
export type ScriptToken = {
  /** The word as written (punctuation around it removed). */
  text: string;
  charStart: number;
  charEnd: number;
  /** What a speaker says for it, normalised: lower case, numbers spelt out, contractions expanded. */
  spoken: string[];
};

/** Contractions a recogniser may write either way; both sides are expanded to compare them. */
const CONTRACTIONS: Record<string, string[]> = {
  "it's": ["it", "is"],
  "that's": ["that", "is"],
  "what's": ["what", "is"],
  "there's": ["there", "is"],
  "here's": ["here", "is"],
  "he's": ["he", "is"],
  "she's": ["she", "is"],
  "let's": ["let", "us"],
  "i'm": ["i", "am"],
  "can't": ["can", "not"],
  cannot: ["can", "not"],
  "won't": ["will", "not"],
  "shan't": ["shall", "not"],
};
const SUFFIXES: [RegExp, string][] = [
  [/^(\w+)n't$/, "not"],
  [/^(\w+)'re$/, "are"],
  [/^(\w+)'ve$/, "have"],
  [/^(\w+)'ll$/, "will"],
  [/^(\w+)'d$/, "would"],
];
const SYMBOLS: Record<string, string[]> = { "%": ["percent"], "&": ["and"], $: ["dollars"] };

/** Normalises one written word into the words a speaker says for it (possibly none, e.g. "—"). */
export function spokenForms(word: string): string[] {
  const w = word
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/^[^\p{L}\p{N}$]+|[^\p{L}\p{N}%]+$/gu, "");
  if (w === "") return [];
  const symbol = SYMBOLS[w];
  if (symbol) return symbol;
  const contraction = CONTRACTIONS[w];
  if (contraction) return contraction;
  for (const [pattern, tail] of SUFFIXES) {
    const m = pattern.exec(w);
    if (m) return [m[1] as string, tail];
  }
  const money = /^\$(\d[\d,.]*)$/.exec(w);
  if (money) return [...numberToWords(money[1] as string), "dollars"];
  const percent = /^(\d[\d,.]*)%$/.exec(w);
  if (percent) return [...numberToWords(percent[1] as string), "percent"];
  const ordinal = /^(\d+)(st|nd|rd|th)$/.exec(w);
  if (ordinal) return numberToWords(ordinal[1] as string);
  if (/^\d[\d,]*(\.\d+)?$/.test(w)) return numberToWords(w);
  // Hyphenated and slashed compounds are said as separate words ("well-known", "24/7").
  return w
    .split(/[-/]+/)
    .flatMap((part) => (/^\d+$/.test(part) ? numberToWords(part) : [part.replace(/[^\p{L}\p{N}']/gu, "")]))
    .filter(Boolean);
}

/** Splits a script into words with character offsets; markdown markup and punctuation are not words. */
export function tokeniseScript(text: string): ScriptToken[] {
  const tokens: ScriptToken[] = [];
  for (const m of text.matchAll(/[^\s]+/g)) {
    const raw = m[0];
    const lead = /^[^\p{L}\p{N}$]*/u.exec(raw)?.[0].length ?? 0;
    const trail = /[^\p{L}\p{N}%]*$/u.exec(raw.slice(lead))?.[0].length ?? 0;
    const core = raw.slice(lead, raw.length - trail);
    const spoken = spokenForms(core);
    if (spoken.length === 0) continue;
    const charStart = (m.index ?? 0) + lead;
    tokens.push({ text: core, charStart, charEnd: charStart + core.length, spoken });
  }
  return tokens;
}

/** The words a speaker says for a recognised (or any) text, normalised like the script's. */
export function spokenWords(text: string): string[] {
  return text.split(/\s+/).flatMap(spokenForms);
}
