/**
 * Word error rate: word-level Levenshtein distance (substitutions + deletions +
 * insertions) between a reference and a hypothesis, divided by the number of
 * reference words. Both sides are normalised first, so that capitals,
 * punctuation and spacing do not count as errors.
 */

/** Lower-cases, turns punctuation (except in-word apostrophes) into spaces and splits on whitespace. */
export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}']+/gu, " ")
    .replace(/(^|\s)'+|'+(?=\s|$)/g, " ")
    .split(/\s+/)
    .filter(Boolean);
}

export type WerResult = {
  /** errors / reference words; may exceed 1 when the hypothesis has many insertions. */
  wer: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  referenceWords: number;
};

/**
 * Computes the word error rate of `hypothesis` against `reference`.
 * An empty reference gives 0 for an empty hypothesis and 1 otherwise.
 */
export function wordErrorRate(opts: { reference: string; hypothesis: string }): WerResult {
  const ref = normaliseWords(opts.reference);
  const hyp = normaliseWords(opts.hypothesis);
  const n = ref.length;
  const m = hyp.length;
  // cost[i][j]: edit distance between ref[0..i) and hyp[0..j), kept with the operation counts.
  type Cell = { cost: number; s: number; d: number; i: number };
  let prev: Cell[] = Array.from({ length: m + 1 }, (_, j) => ({ cost: j, s: 0, d: 0, i: j }));
  for (let i = 1; i <= n; i++) {
    const row: Cell[] = [{ cost: i, s: 0, d: i, i: 0 }];
    for (let j = 1; j <= m; j++) {
      const diag = prev[j - 1] as Cell;
      const up = prev[j] as Cell;
      const left = row[j - 1] as Cell;
      const same = ref[i - 1] === hyp[j - 1];
      const candidates: Cell[] = [
        { cost: diag.cost + (same ? 0 : 1), s: diag.s + (same ? 0 : 1), d: diag.d, i: diag.i },
        { cost: up.cost + 1, s: up.s, d: up.d + 1, i: up.i },
        { cost: left.cost + 1, s: left.s, d: left.d, i: left.i + 1 },
      ];
      row.push(candidates.reduce((a, b) => (b.cost < a.cost ? b : a)));
    }
    prev = row;
  }
  const last = prev[m] as Cell;
  const wer = n === 0 ? (m === 0 ? 0 : 1) : last.cost / n;
  return { wer, substitutions: last.s, deletions: last.d, insertions: last.i, referenceWords: n };
}
