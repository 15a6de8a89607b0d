import { spawnMediaTool } from "@coherence/core";

/**
 * espeak-ng's US English IPA phonemes mapped to the CMU dictionary's phone set (ARPAbet, no
 * stress). Sounds CMU has no phone for take the nearest one: the flap ɾ is T, the glottal stop
 * is T, reduced ᵻ and ɐ are IH and AH, r-coloured vowels split into vowel + R.
 */
const IPA_TO_CMU: Record<string, string[]> = {
  p: ["P"],
  b: ["B"],
  t: ["T"],
  d: ["D"],
  k: ["K"],
  g: ["G"],
  ɡ: ["G"],
  f: ["F"],
  v: ["V"],
  θ: ["TH"],
  ð: ["DH"],
  s: ["S"],
  z: ["Z"],
  ʃ: ["SH"],
  ʒ: ["ZH"],
  h: ["HH"],
  tʃ: ["CH"],
  dʒ: ["JH"],
  m: ["M"],
  n: ["N"],
  ŋ: ["NG"],
  l: ["L"],
  ɹ: ["R"],
  r: ["R"],
  j: ["Y"],
  w: ["W"],
  ʍ: ["W"],
  ɾ: ["T"],
  ʔ: ["T"],
  x: ["K"],
  i: ["IY"],
  iː: ["IY"],
  ɪ: ["IH"],
  ᵻ: ["IH"],
  e: ["EY"],
  eɪ: ["EY"],
  ɛ: ["EH"],
  æ: ["AE"],
  a: ["AE"],
  ɑ: ["AA"],
  ɑː: ["AA"],
  ɒ: ["AA"],
  ɔ: ["AO"],
  ɔː: ["AO"],
  o: ["OW"],
  oː: ["OW"],
  oʊ: ["OW"],
  əʊ: ["OW"],
  ʊ: ["UH"],
  u: ["UW"],
  uː: ["UW"],
  ʌ: ["AH"],
  ə: ["AH"],
  ɐ: ["AH"],
  ɚ: ["ER"],
  ɜ: ["ER"],
  ɜː: ["ER"],
  aɪ: ["AY"],
  aʊ: ["AW"],
  ɔɪ: ["OY"],
  əl: ["AH", "L"],
  ən: ["AH", "N"],
  əm: ["AH", "M"],
  ɑːɹ: ["AA", "R"],
  ɑɹ: ["AA", "R"],
  oːɹ: ["AO", "R"],
  oɹ: ["AO", "R"],
  ɔːɹ: ["AO", "R"],
  ɔɹ: ["AO", "R"],
  ɪɹ: ["IH", "R"],
  iɹ: ["IH", "R"],
  ɛɹ: ["EH", "R"],
  eɹ: ["EH", "R"],
  ʊɹ: ["UH", "R"],
  uɹ: ["UH", "R"],
  aɪɚ: ["AY", "ER"],
  aɪə: ["AY", "ER"],
  aʊɚ: ["AW", "ER"],
  iə: ["IY", "AH"],
};

/** Maps one word of espeak-ng `--ipa --sep=_` output ("k_j_ˈuː_b_ɚ_n_ˌiː_t_s") to CMU phones. */
export function ipaToCmu(ipa: string): string[] {
  const phones: string[] = [];
  for (const raw of ipa.split("_")) {
    // Stress marks, the zero-width joiner and tie/non-syllabic diacritics carry no phone.
    const segment = raw.replace(/ˈ|ˌ|\u200d|\u0361|\u032f/g, "");
    if (!segment) continue;
    phones.push(...mapSegment(segment));
  }
  return phones;
}

/** A segment espeak printed as one phoneme; unknown ones are split greedily into known pieces. */
function mapSegment(segment: string): string[] {
  const whole = IPA_TO_CMU[segment];
  if (whole) return whole;
  const out: string[] = [];
  let rest = segment;
  while (rest.length > 0) {
    let len = Math.min(3, rest.length);
    while (len > 0 && !IPA_TO_CMU[rest.slice(0, len)]) len--;
    if (len === 0) {
      rest = rest.slice(1); // a length mark or diacritic with no phone of its own
      continue;
    }
    out.push(...(IPA_TO_CMU[rest.slice(0, len)] as string[]));
    rest = rest.slice(len);
  }
  return out;
}

/**
 * Pronunciations for words the dictionary lacks, from espeak-ng's US English voice (one short run
 * per word; a script has few such words). Words espeak gives no phones for are left out: the
 * recogniser then simply cannot say them.
 */
export async function pronounceWithEspeak(opts: {
  words: string[];
  signal: AbortSignal;
  binary?: string;
}): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const word of opts.words) {
    const proc = spawnMediaTool({
      tool: opts.binary ?? "espeak-ng",
      args: ["-q", "-v", "en-us", "--ipa", "--sep=_", word],
      signal: opts.signal,
      missingHint:
        "espeak-ng is not installed (apt-get install -y espeak-ng): words missing from the dictionary cannot be guided.",
    });
    const chunks: Buffer[] = [];
    proc.stdout.on("data", (d: Buffer) => chunks.push(d));
    await proc.done;
    // A word espeak reads as several (an abbreviation) gives several space-separated groups.
    const phones = Buffer.concat(chunks).toString("utf8").trim().split(/\s+/).flatMap(ipaToCmu);
    if (phones.length > 0) out.set(word, phones);
  }
  return out;
}
