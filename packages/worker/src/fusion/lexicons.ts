import cues from "./data/cues.json" with { type: "json" };
import emotionWords from "./data/emotion-words.json" with { type: "json" };
import fillers from "./data/fillers.json" with { type: "json" };
import nonInclusive from "./data/non-inclusive.json" with { type: "json" };
import sentiment from "./data/sentiment-lexicon.json" with { type: "json" };
import stopwords from "./data/stopwords.json" with { type: "json" };

// Typed views over the shipped word lists in ./data. The lists are data so they
// can be maintained without touching the detectors.

/** A phrase and how strongly it signals its role (0–1). */
export type WeightedPhrase = [phrase: string, weight: number];

export type CueRole = "hedges" | "confidence" | "emphasis" | "claims" | "callToAction" | "deictic" | "brevity";

export const CUES: Record<CueRole, WeightedPhrase[]> = {
  hedges: cues.hedges as WeightedPhrase[],
  confidence: cues.confidence as WeightedPhrase[],
  emphasis: cues.emphasis as WeightedPhrase[],
  claims: cues.claims as WeightedPhrase[],
  callToAction: cues.callToAction as WeightedPhrase[],
  deictic: cues.deictic as WeightedPhrase[],
  brevity: cues.brevity as WeightedPhrase[],
};

export const FILLERS = {
  words: new Set(fillers.words),
  phrases: fillers.phrases,
  sentenceInitial: new Set(fillers.sentenceInitial),
  likeNotAfter: new Set(fillers.likeNotAfter),
};

export type NonInclusiveEntry = { term: string; alternatives: string[]; category: string };
export const NON_INCLUSIVE: NonInclusiveEntry[] = nonInclusive.entries;

export const SENTIMENT = {
  words: sentiment.words as Record<string, number>,
  negators: new Set(sentiment.negators),
  intensifiers: sentiment.intensifiers as Record<string, number>,
};

export const STOPWORDS = new Set(stopwords.words);

/** Wording with a clear feeling: enthusiasm (not politeness) and bad news, for EMOTIONAL_MISMATCH. */
export const EMOTION_WORDS = {
  excitement: emotionWords.excitement as WeightedPhrase[],
  badNews: emotionWords.badNews as WeightedPhrase[],
};
