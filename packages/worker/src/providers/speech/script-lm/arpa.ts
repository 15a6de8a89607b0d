/**
 * A trigram language model of the script, mixed with the general English model's unigrams, and
 * written as ARPA text for pocketsphinx.
 *
 * The script model uses interpolated absolute discounting: every seen n-gram gives up D of its
 * count to the next lower order, so unseen continuations keep some mass. The mixture is linear,
 * P(w | h) = λ·Pscript(w | h) + (1 − λ)·Pgeneral(w), written in backoff form the way static
 * interpolation is (SRILM's -mix-lm): explicit n-grams are the script's, each carrying the mixed
 * probability, and every history's backoff weight is recomputed so its distribution sums to one.
 */

export type ArpaInput = {
  /** The script's sentences, each a list of normalised words. */
  sentences: string[][];
  /** The general model's unigrams (log10). */
  general: { words: string[]; log10Probs: Float64Array };
  /** Weight of the script model, 0–1. */
  scriptWeight: number;
  /** Only words the recogniser can pronounce are written. */
  pronounceable: (word: string) => boolean;
};

const DISCOUNT = 0.7;
const BOS = "<s>";
const EOS = "</s>";
/** Floor for a probability written to the file (log10 −99 is ARPA's "never"). */
const FLOOR = 1e-99;

type Counts = Map<string, number>;

/**
 * N-gram counts of the script. The recogniser cuts the talk into utterances at pauses, not at
 * sentence ends, so an utterance may start at any word: besides each sentence's own `<s> a b`,
 * every word position also counts as a possible start (`<s> w` and `<s> w next`). Without this,
 * a pause before "ask" made the model expect a sentence's first word there instead. Ends are not
 * added: `</s>` is scored once per utterance and backs off well, while an end count at every
 * position would take half of each history's mass from the script's real continuations.
 */
function countNgrams(sentences: string[][]) {
  const c = [new Map(), new Map(), new Map()] as [Counts, Counts, Counts];
  const add = (n: number, key: string) => {
    const m = c[n - 1] as Counts;
    m.set(key, (m.get(key) ?? 0) + 1);
  };
  for (const s of sentences) {
    const seq = [BOS, ...s, EOS];
    for (let i = 0; i < seq.length; i++) {
      for (let n = 1; n <= 3 && i - n + 1 >= 0; n++) add(n, seq.slice(i - n + 1, i + 1).join(" "));
    }
    for (let i = 1; i < s.length; i++) {
      add(2, `${BOS} ${s[i]}`);
      add(3, `${BOS} ${s[i]} ${s[i + 1] ?? EOS}`);
    }
  }
  return c;
}

/** Builds the mixed model and returns it as ARPA text. */
export function buildMixedArpa(input: ArpaInput): string {
  const lambda = input.scriptWeight;
  const sentences = input.sentences.map((s) => s.filter(input.pronounceable)).filter((s) => s.length > 0);
  const [c1, c2, c3] = countNgrams(sentences);
  // History totals and distinct continuations, per order.
  const total = (m: Counts) => {
    const t = new Map<string, { sum: number; types: number }>();
    for (const [key, n] of m) {
      const h = key.slice(0, key.lastIndexOf(" "));
      const e = t.get(h) ?? { sum: 0, types: 0 };
      e.sum += n;
      e.types += 1;
      t.set(h, e);
    }
    return t;
  };
  const h2 = total(c2);
  const h3 = total(c3);
  let tokenCount = 0;
  for (const [w, n] of c1) if (w !== BOS) tokenCount += n;
  const s1 = (w: string) => (w === BOS ? 0 : (c1.get(w) ?? 0) / tokenCount);
  const s2 = (v: string, w: string) => {
    const h = h2.get(v);
    if (!h) return s1(w);
    return Math.max((c2.get(`${v} ${w}`) ?? 0) - DISCOUNT, 0) / h.sum + ((DISCOUNT * h.types) / h.sum) * s1(w);
  };
  const s3 = (u: string, v: string, w: string) => {
    const h = h3.get(`${u} ${v}`);
    if (!h) return s2(v, w);
    return Math.max((c3.get(`${u} ${v} ${w}`) ?? 0) - DISCOUNT, 0) / h.sum + ((DISCOUNT * h.types) / h.sum) * s2(v, w);
  };
  const general = new Map<string, number>();
  input.general.words.forEach((w, i) => {
    if (input.pronounceable(w) || w === BOS || w === EOS) general.set(w, 10 ** (input.general.log10Probs[i] as number));
  });
  // Mass of general words the recogniser cannot say is spread back by renormalising.
  let generalSum = 0;
  for (const p of general.values()) generalSum += p;
  const g = (w: string) => (general.get(w) ?? 0) / generalSum;

  const vocab = new Set<string>([...general.keys(), ...c1.keys()]);
  const m1 = new Map<string, number>();
  for (const w of vocab) m1.set(w, lambda * s1(w) + (1 - lambda) * g(w));
  const m2 = new Map<string, number>();
  for (const key of c2.keys()) {
    const [v = "", w = ""] = key.split(" ");
    m2.set(key, lambda * s2(v, w) + (1 - lambda) * g(w));
  }
  const m3 = new Map<string, number>();
  for (const key of c3.keys()) {
    const [u = "", v = "", w = ""] = key.split(" ");
    m3.set(key, lambda * s3(u, v, w) + (1 - lambda) * g(w));
  }
  const bow1 = backoffWeights(m2, (key) => m1.get(lastWord(key)) ?? 0);
  const m2OrBackoff = (v: string, w: string) => m2.get(`${v} ${w}`) ?? (bow1.get(v) ?? 1) * (m1.get(w) ?? 0);
  const bow2 = backoffWeights(m3, (key) => {
    const [, v = "", w = ""] = key.split(" ");
    return m2OrBackoff(v, w);
  });
  return writeArpa({ m1, m2, m3, bow1, bow2 });
}

function lastWord(key: string): string {
  return key.slice(key.lastIndexOf(" ") + 1);
}

/** For each history: (1 − mass of its explicit n-grams) / (1 − the lower order's mass on the same words). */
function backoffWeights(explicit: Map<string, number>, lower: (key: string) => number): Map<string, number> {
  const acc = new Map<string, { hi: number; lo: number }>();
  for (const [key, p] of explicit) {
    const h = key.slice(0, key.lastIndexOf(" "));
    const e = acc.get(h) ?? { hi: 0, lo: 0 };
    e.hi += p;
    e.lo += lower(key);
    acc.set(h, e);
  }
  const out = new Map<string, number>();
  for (const [h, { hi, lo }] of acc) out.set(h, Math.max(1 - hi, FLOOR) / Math.max(1 - lo, FLOOR));
  return out;
}

const log10 = (p: number) => Math.log10(Math.max(p, FLOOR)).toFixed(4);

function writeArpa(m: {
  m1: Map<string, number>;
  m2: Map<string, number>;
  m3: Map<string, number>;
  bow1: Map<string, number>;
  bow2: Map<string, number>;
}): string {
  const lines = ["\\data\\", `ngram 1=${m.m1.size}`, `ngram 2=${m.m2.size}`, `ngram 3=${m.m3.size}`, "", "\\1-grams:"];
  for (const [w, p] of m.m1) {
    // <s> is never predicted; ARPA writes it with -99.
    lines.push(`${w === BOS ? "-99" : log10(p)}\t${w}\t${log10(m.bow1.get(w) ?? 1)}`);
  }
  lines.push("", "\\2-grams:");
  for (const [key, p] of m.m2) lines.push(`${log10(p)}\t${key.replace(" ", "\t")}\t${log10(m.bow2.get(key) ?? 1)}`);
  lines.push("", "\\3-grams:");
  for (const [key, p] of m.m3) lines.push(`${log10(p)}\t${key.replaceAll(" ", "\t")}`);
  lines.push("", "\\end\\", "");
  return lines.join("\n");
}
