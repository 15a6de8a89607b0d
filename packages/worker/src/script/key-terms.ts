import { tokeniseScript } from "./tokenise";

/** Deepgram takes up to 100 key terms (and about 500 tokens); a script's most distinctive ones are enough. */
export const MAX_KEY_TERMS = 50;

/**
 * The script's key terms for a cloud recogniser's vocabulary boost: names (capitalised words
 * that do not start a sentence, and runs of them: "Ada Lovelace"), acronyms, words with digits,
 * and numbers as written. Common words are left out: boosting them only adds false alarms.
 * Ordered by first appearance, without repeats.
 */
export function scriptKeyTerms(script: string, max = MAX_KEY_TERMS): string[] {
  const tokens = tokeniseScript(script);
  const terms: string[] = [];
  const seen = new Set<string>();
  const add = (term: string) => {
    const key = term.toLowerCase();
    if (!seen.has(key) && terms.length < max) {
      seen.add(key);
      terms.push(term);
    }
  };
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) add(run.join(" "));
    run = [];
  };
  tokens.forEach((t, i) => {
    const before = i === 0 ? "." : script.slice(tokens[i - 1]?.charEnd, t.charStart);
    const startsSentence = /[.!?:]\s*$|\n\s*$/.test(before) || i === 0;
    const name = /^\p{Lu}[\p{Ll}\p{Lu}'-]+$/u.test(t.text) && !startsSentence && t.text !== "I";
    const special = /^\p{Lu}{2,}s?$/u.test(t.text) || /\d/.test(t.text);
    if (name) run.push(t.text);
    else {
      flush();
      if (special) add(t.text);
    }
  });
  flush();
  return terms;
}
