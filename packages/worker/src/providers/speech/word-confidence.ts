import type { TTranscript } from "@coherence/shared";
import profanity from "./data/profanity.json" with { type: "json" };

/**
 * Per recogniser, the word confidence below which a word is marked uncertain. Each recogniser's
 * scores mean something different: pocketsphinx's posteriors are low even for many right words
 * (0.03–0.5) while its wrong words mostly sit under 0.25 (jfk.wav); Deepgram's are calibrated, and
 * its misheard words sit under about 0.5; whisper.node reports no confidence at all (a fixed 0.9),
 * so none of its words can be marked.
 */
export const UNCERTAIN_BELOW: Record<string, number> = { pocketsphinx: 0.3, deepgram: 0.5, whisper: 0 };
/** A profanity is printed only at or above this confidence; below, it reads "[unclear]". */
export const PROFANITY_MIN_CONFIDENCE = 0.95;
/** What a masked word reads as. */
export const MASKED_WORD = "[unclear]";

const PROFANITY = new Set(profanity.words);

/**
 * Marks each word uncertain or not by the recogniser's own floor, and masks any profanity the
 * recogniser was not highly confident of (a misheard swear word must never be shown). The masked
 * word still counts as a word (pace stays right) but is uncertain, so it is never quoted or counted.
 */
export function markWordConfidence(
  transcript: TTranscript,
  uncertainBelow = UNCERTAIN_BELOW[transcript.provider] ?? 0.5,
): TTranscript {
  const masked = new Set<string>();
  const words = transcript.words.map((w) => {
    const uncertain = w.confidence < uncertainBelow;
    if (PROFANITY.has(w.word.toLowerCase()) && (uncertain || w.confidence < PROFANITY_MIN_CONFIDENCE)) {
      masked.add(w.word.toLowerCase());
      return { ...w, word: "unclear", display: MASKED_WORD, uncertain: true };
    }
    return { ...w, uncertain };
  });
  let text = transcript.text;
  for (const m of masked) text = text.replace(new RegExp(`\\b${m}\\b`, "gi"), MASKED_WORD);
  return { ...transcript, text, words };
}
