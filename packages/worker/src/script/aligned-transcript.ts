import type { TTranscript, TWord } from "@coherence/shared";
import { alignScript, type ScriptAlignment } from "./word-alignment";

/** A recognised word the script confirms is trusted at least this much (the script spells it). */
const CONFIRMED_CONFIDENCE = 0.9;

/**
 * The transcript with the script's words wherever the talk followed it: each script word aligned
 * to recognised words becomes one word spelled as the script spells it, timed by those words, so
 * verbal cues (claims, hedges, "briefly") are read from what the presenter meant to say rather
 * than from recognition errors. Skipped script words produce nothing; added words stay as
 * recognised, with their own confidence.
 */
export function scriptAlignedTranscript(opts: {
  transcript: TTranscript;
  script: string;
  alignment?: ScriptAlignment;
}): TTranscript {
  const { transcript } = opts;
  const alignment = opts.alignment ?? alignScript({ script: opts.script, words: transcript.words });
  const used = new Set<number>();
  const words: TWord[] = [];
  for (const t of alignment.tokens) {
    const said = t.words.filter((i) => !used.has(i)).map((i) => transcript.words[i] as TWord);
    if (said.length === 0) continue;
    for (const i of t.words) used.add(i);
    const exact = t.substituted === 0 && t.missing === 0;
    const confidence = Math.max(...said.map((w) => w.confidence));
    words.push({
      word: t.token.text.toLowerCase().replace(/[’‘]/g, "'"),
      display: t.token.text,
      start: Math.min(...said.map((w) => w.start)),
      end: Math.max(...said.map((w) => w.end)),
      confidence: exact ? Math.max(confidence, CONFIRMED_CONFIDENCE) : confidence,
      ...(exact
        ? { uncertain: false }
        : said.some((w) => w.uncertain !== undefined)
          ? { uncertain: said.every((w) => w.uncertain) }
          : {}),
    });
  }
  transcript.words.forEach((w, i) => {
    if (!used.has(i)) words.push(w);
  });
  words.sort((x, y) => x.start - y.start);
  return { ...transcript, text: words.map((w) => w.word).join(" "), words };
}
