import { readFile } from "node:fs/promises";

/** pocketsphinx stores log probabilities in base 1.0001 (its default -logbase). */
const LOG10_OF_LOGBASE = Math.log10(1.0001);
const TRIE_HEADER = "Trie Language Model";
/** sphinxbase's 16-bit quantisation: per middle order a probability and a backoff table, then the longest order's probabilities, 2^16 floats each. */
const QUANT_TABLE_FLOATS = 1 << 16;

export type GeneralUnigrams = { words: string[]; log10Probs: Float64Array };

const cache = new Map<string, Promise<GeneralUnigrams>>();

/**
 * The general English model's unigram distribution (word → log10 probability), read from the
 * sphinxbase trie binary (`en-us.lm.bin`): header, order, counts, quantisation tables, then the
 * unigram array (prob, backoff, next) and, at the end, the NUL-separated word strings.
 * Read once per process.
 */
export function readGeneralUnigrams(lmPath: string): Promise<GeneralUnigrams> {
  let hit = cache.get(lmPath);
  if (!hit) {
    hit = readFile(lmPath).then(parseTrieUnigrams);
    hit.catch(() => cache.delete(lmPath));
    cache.set(lmPath, hit);
  }
  return hit;
}

export function parseTrieUnigrams(buf: Buffer): GeneralUnigrams {
  if (buf.subarray(0, TRIE_HEADER.length).toString("latin1") !== TRIE_HEADER) {
    throw new Error("Not a sphinxbase trie language model.");
  }
  let at = TRIE_HEADER.length;
  const order = buf.readUInt8(at++);
  const counts: number[] = [];
  for (let i = 0; i < order; i++, at += 4) counts.push(buf.readUInt32LE(at));
  const quantType = buf.readInt32LE(at);
  at += 4;
  if (quantType === 1 && order > 1) at += ((order - 2) * 2 + 1) * QUANT_TABLE_FLOATS * 4;
  else if (quantType !== 0 && order > 1) throw new Error(`Unknown quantisation ${quantType} in the trie model.`);
  const n = counts[0] ?? 0;
  const log10Probs = new Float64Array(n);
  for (let i = 0; i < n; i++) log10Probs[i] = buf.readFloatLE(at + i * 12) * LOG10_OF_LOGBASE;
  // The word strings close the file: a byte count, then the words.
  const words = findWordStrings(buf, n);
  return { words, log10Probs };
}

function findWordStrings(buf: Buffer, n: number): string[] {
  for (let p = buf.length - 5; p >= 0; p--) {
    if (buf.readInt32LE(p) !== buf.length - p - 4) continue;
    const words = buf
      .subarray(p + 4, buf.length - 1)
      .toString("utf8")
      .split("\0");
    if (words.length === n) return words;
  }
  throw new Error("The trie model's word list was not found.");
}

/** Reads a CMU-format dictionary's head words (alternates like `word(2)` fold into `word`). */
export async function readDictionaryWords(dictPath: string): Promise<Set<string>> {
  const text = await readFile(dictPath, "utf8");
  const words = new Set<string>();
  for (const line of text.split("\n")) {
    const head = line.slice(0, line.indexOf(" "));
    if (head) words.add(head.replace(/\(\d+\)$/, ""));
  }
  return words;
}
