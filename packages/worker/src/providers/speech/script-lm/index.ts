import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { spokenWords } from "../../../script";
import { buildMixedArpa } from "./arpa";
import { pronounceWithEspeak } from "./g2p";
import { readDictionaryWords, readGeneralUnigrams } from "./general-model";

export * from "./arpa";
export * from "./g2p";
export * from "./general-model";

/**
 * Weight of the script in the mixed language model, measured on a tune set (espeak talks read
 * from their script, a talk reading another text, and jfk.wav; documentation/speech.md).
 */
export const SCRIPT_LM_WEIGHT = 0.9;

/** Sentences of a script as the recogniser's words: split at sentence ends and line breaks. */
export function scriptSentences(script: string): string[][] {
  return script
    .split(/(?<=[.!?;:])\s+|\n+/)
    .map((s) =>
      spokenWords(s)
        .map((w) => w.replace(/[^a-z0-9']/g, ""))
        .filter(Boolean),
    )
    .filter((s) => s.length > 0);
}

/**
 * Writes the script-guided model into `dir`: the mixed ARPA language model and a dictionary
 * (the general one plus espeak-ng pronunciations of script words it lacks). Returns their paths.
 */
export async function writeScriptModel(opts: {
  script: string;
  modelDir: string;
  dir: string;
  signal: AbortSignal;
  scriptWeight?: number;
}): Promise<{ lmPath: string; dictPath: string; addedWords: number }> {
  const dictSource = join(opts.modelDir, "cmudict-en-us.dict");
  const [general, known, dictText] = await Promise.all([
    readGeneralUnigrams(join(opts.modelDir, "en-us.lm.bin")),
    readDictionaryWords(dictSource),
    readFile(dictSource, "utf8"),
  ]);
  const sentences = scriptSentences(opts.script);
  const missing = [...new Set(sentences.flat())].filter((w) => !known.has(w));
  const pronounced = await pronounceWithEspeak({ words: missing, signal: opts.signal });
  const arpa = buildMixedArpa({
    sentences,
    general,
    scriptWeight: opts.scriptWeight ?? SCRIPT_LM_WEIGHT,
    pronounceable: (w) => known.has(w) || pronounced.has(w),
  });
  const lmPath = join(opts.dir, "script.lm");
  const dictPath = join(opts.dir, "script.dict");
  const extra = [...pronounced].map(([w, phones]) => `${w} ${phones.join(" ")}`).join("\n");
  await Promise.all([
    writeFile(lmPath, arpa),
    writeFile(dictPath, extra ? `${dictText.trimEnd()}\n${extra}\n` : dictText),
  ]);
  return { lmPath, dictPath, addedWords: pronounced.size };
}
