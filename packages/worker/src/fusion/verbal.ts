import { type TAudioFeatures, type TSentimentSegment, type TTranscript, wordsPerMinute } from "@coherence/shared";
import { CUES, type CueRole, EMOTION_WORDS, FILLERS, NON_INCLUSIVE, SENTIMENT, STOPWORDS } from "./lexicons";
import {
  clamp,
  endsSentence,
  lowerBound,
  matchPhrases,
  type PhraseMatch,
  type Sentence,
  splitSentences,
  type Token,
  tokenize,
} from "./text";
import { isKindNoun, isLiteralHedge, touchesUncertain } from "./word-sense";

/** A word or phrase found at a time. */
export type Occurrence = { text: string; start: number; end: number };

export type PauseKind = "short" | "medium" | "long";
export type Pause = { start: number; end: number; duration: number; kind: PauseKind; midClause: boolean };

export type SentenceFeatures = Sentence & {
  /** −1…1; lexicon-based, blended with the provider's sentiment when it has one. */
  sentiment: number;
  /** Words per minute over the sentence. */
  wpm: number;
  /** Lexicon sentiment without the words of politeness (thanks, glad, loved working…): enthusiasm, not courtesy. */
  enthusiasm: number;
};

export type WpmWindow = { start: number; end: number; words: number; seconds: number; wpm: number };

export type VerbalFeatures = {
  tokens: Token[];
  /** Whether the recogniser marked its uncertain words (else only the confidences tell). */
  marked: boolean;
  sentences: SentenceFeatures[];
  fillers: Occurrence[];
  cues: Record<CueRole, PhraseMatch[]>;
  /** Wording with a clear feeling (not negated, heard with confidence): enthusiasm and bad news. */
  feelings: Record<keyof typeof EMOTION_WORDS, PhraseMatch[]>;
  nonInclusive: (Occurrence & { alternatives: string[]; category: string })[];
  repetitions: Occurrence[];
  pauses: Pause[];
  wpmWindows: WpmWindow[];
  /** Seconds of speech: first word's start to last word's end, minus breaks of 1.5 s or more between words. */
  speakingSeconds: number;
};

/** Pause boundaries (seconds), from phonetics literature as quoted in coaching.md. */
export const PAUSE_SECONDS = { short: 0.15, medium: 0.5, long: 1.5, midClauseUncertain: 1.2 } as const;

/** Words after which a long pause is mid-clause: the sentence clearly continues. */
const CLAUSE_CONTINUES = new Set(
  "the a an and or but of to in on at for with from my our your their his her its is are was were that which because if so than as by into about this these those".split(
    " ",
  ),
);

/**
 * Finds filler words: the Teams list, "so" only sentence-initial, "like" only where it is not a verb
 * or comparison, "sort of" not after a determiner ("a sort of tool"). Words the recogniser was
 * unsure of are never counted.
 */
export function findFillers(tokens: Token[], sentences: Sentence[]): Occurrence[] {
  const out: Occurrence[] = [];
  const phraseMatches = matchPhrases(
    tokens,
    FILLERS.phrases.map((p) => [p, 1]),
  );
  const inPhrase = new Uint8Array(tokens.length);
  for (const m of phraseMatches) {
    for (let k = m.from; k < m.to; k++) inPhrase[k] = 1;
    if (touchesUncertain(tokens, m.from, m.to) || isKindNoun(tokens, m)) continue;
    out.push({ text: m.phrase, start: m.start, end: m.end });
  }
  const sentenceStarts = new Set(sentences.map((s) => s.from));
  // "So" counts at the start of a sentence, also after other fillers ("Um, so…").
  let onlyFillersSoFar = true;
  for (const t of tokens) {
    if (sentenceStarts.has(t.i)) onlyFillersSoFar = true;
    if (inPhrase[t.i]) continue;
    const prev = tokens[t.i - 1];
    if (FILLERS.sentenceInitial.has(t.w)) {
      if (onlyFillersSoFar && !t.uncertain) out.push({ text: t.w, start: t.start, end: t.end });
      onlyFillersSoFar = false;
      continue;
    }
    const isFiller =
      FILLERS.words.has(t.w) && !t.uncertain && !(t.w === "like" && prev && FILLERS.likeNotAfter.has(prev.w));
    if (!isFiller) {
      onlyFillersSoFar = false;
      continue;
    }
    out.push({ text: t.w, start: t.start, end: t.end });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Lexicon sentiment of tokens [from, to): negators within three words flip a
 * term, intensifiers scale it; the sum is squashed to −1…1 as VADER does (α = 15).
 */
export function lexiconSentiment(tokens: Token[], from: number, to: number, skip?: Set<string>): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const score = SENTIMENT.words[tokens[i]!.w];
    if (score === undefined || tokens[i]!.uncertain || skip?.has(tokens[i]!.w)) continue;
    let s = score;
    const prev = tokens[i - 1];
    if (i - 1 >= from && prev) s *= SENTIMENT.intensifiers[prev.w] ?? 1;
    for (let k = Math.max(from, i - 3); k < i; k++) {
      if (SENTIMENT.negators.has(tokens[k]!.w)) {
        s *= -0.75;
        break;
      }
    }
    sum += s;
  }
  return sum === 0 ? 0 : sum / Math.sqrt(sum * sum + 15);
}

/** Courteous words: positive in a lexicon, but normal manners rather than enthusiasm. */
const POLITE = new Set(
  "thank thanks thankful grateful appreciate appreciated welcome glad pleased please nice kind enjoyed enjoy love loved like liked good fine pleasure honored honoured happy".split(
    " ",
  ),
);

/** Overlap-weighted provider sentiment over [start, end], or null when the provider gave none there. */
function providerSentiment(segments: TSentimentSegment[] | undefined, start: number, end: number): number | null {
  if (!segments?.length) return null;
  let weight = 0;
  let sum = 0;
  for (const seg of segments) {
    const overlap = Math.min(end, seg.end) - Math.max(start, seg.start);
    if (overlap <= 0) continue;
    weight += overlap;
    sum += overlap * seg.score;
  }
  return weight > 0 ? sum / weight : null;
}

/** Silences between words (≥ 0.15 s) united with the audio pauses inside the speech, classified by length. */
export function findPauses(tokens: Token[], audioPauses: TAudioFeatures["pauses"]): Pause[] {
  if (tokens.length === 0) return [];
  const first = tokens[0]!.start;
  const last = tokens[tokens.length - 1]!.end;
  const spans: { start: number; end: number }[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const gap = tokens[i]!.start - tokens[i - 1]!.end;
    if (gap >= PAUSE_SECONDS.short) spans.push({ start: tokens[i - 1]!.end, end: tokens[i]!.start });
  }
  for (const p of audioPauses) {
    const start = Math.max(first, p.start);
    const end = Math.min(last, p.end);
    if (end - start >= PAUSE_SECONDS.short) spans.push({ start, end });
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const s of spans) {
    const top = merged[merged.length - 1];
    if (top && s.start <= top.end) top.end = Math.max(top.end, s.end);
    else merged.push({ ...s });
  }
  return merged.map(({ start, end }) => {
    const duration = end - start;
    const kind: PauseKind =
      duration >= PAUSE_SECONDS.long ? "long" : duration >= PAUSE_SECONDS.medium ? "medium" : "short";
    // The last word before the pause: a pause after an article or conjunction, with no terminal punctuation, is mid-clause.
    const before: Token | undefined = tokens[lowerBound(tokens, (t) => t.start, start + 1e-6) - 1];
    const midClause =
      duration > PAUSE_SECONDS.midClauseUncertain &&
      !!before &&
      !endsSentence(before) &&
      CLAUSE_CONTINUES.has(before.w);
    return { start, end, duration, kind, midClause };
  });
}

/**
 * Seconds of speech between times `start` and `end`: the time minus the silent gaps of
 * PAUSE_SECONDS.long or more between consecutive words (a deliberate break is not slow speech).
 * Only the words' own gaps count, never the audio's pause detection, so the time shown next to a
 * word count can be checked against the transcript.
 */
export function speakingSeconds(tokens: Token[], start: number, end: number): number {
  let breaks = 0;
  for (let i = 1; i < tokens.length; i++) {
    const gapStart = Math.max(start, tokens[i - 1]!.end);
    const gapEnd = Math.min(end, tokens[i]!.start);
    if (tokens[i]!.start - tokens[i - 1]!.end >= PAUSE_SECONDS.long && gapEnd > gapStart) breaks += gapEnd - gapStart;
  }
  return Math.max(0, end - start - breaks);
}

/**
 * Words per minute in fixed windows of `windowSeconds` over the speech, by the one pace
 * definition (words ÷ seconds of speech, long breaks left out): a window carries its words,
 * its seconds of speech and that rate.
 */
export function wpmWindows(tokens: Token[], windowSeconds = 30): WpmWindow[] {
  if (tokens.length === 0) return [];
  const first = tokens[0]!.start;
  const last = tokens[tokens.length - 1]!.end;
  const out: WpmWindow[] = [];
  for (let start = first; start < last; start += windowSeconds) {
    const end = Math.min(last, start + windowSeconds);
    const words =
      end >= last
        ? tokens.length - lowerBound(tokens, (t) => t.start, start)
        : lowerBound(tokens, (t) => t.start, end) - lowerBound(tokens, (t) => t.start, start);
    const seconds = speakingSeconds(tokens, start, end);
    out.push({ start, end, words, seconds, wpm: wordsPerMinute(words, seconds) });
  }
  return out;
}

/**
 * Repetitive language: stutter repeats ("we we"), phrases of 2–4 words that
 * carry a content word and recur three times or more, and content words used four
 * times or more within 30 seconds. Each occurrence past the first is returned.
 */
export function findRepetitions(tokens: Token[]): Occurrence[] {
  const out: Occurrence[] = [];
  const legitDoubles = new Set(["that", "had", "very", "really", "no", "yes", "bye", "ha"]);
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1]!;
    const b = tokens[i]!;
    if (a.w === b.w && !legitDoubles.has(a.w) && !FILLERS.words.has(a.w) && b.start - a.end < 1) {
      out.push({ text: `${a.w} ${b.w}`, start: a.start, end: b.end });
    }
  }
  const covered = new Uint8Array(tokens.length);
  for (let n = 4; n >= 2; n--) {
    const seen = new Map<string, number[]>();
    for (let i = 0; i + n <= tokens.length; i++) {
      const words = tokens.slice(i, i + n).map((t) => t.w);
      if (words.every((w) => STOPWORDS.has(w) || FILLERS.words.has(w))) continue;
      if (new Set(words).size === 1) continue;
      const key = words.join(" ");
      const list = seen.get(key) ?? [];
      list.push(i);
      seen.set(key, list);
    }
    for (const [key, starts] of seen) {
      const fresh = starts.filter((i) => !covered[i]);
      if (fresh.length < 3) continue;
      fresh.forEach((i, k) => {
        for (let j = i; j < i + n; j++) covered[j] = 1;
        if (k > 0) out.push({ text: key, start: tokens[i]!.start, end: tokens[i + n - 1]!.end });
      });
    }
  }
  const byWord = new Map<string, Token[]>();
  for (const t of tokens) {
    if (STOPWORDS.has(t.w) || FILLERS.words.has(t.w) || covered[t.i] || t.w.length < 3) continue;
    const list = byWord.get(t.w);
    if (list) list.push(t);
    else byWord.set(t.w, [t]);
  }
  for (const [word, list] of byWord) {
    // The fourth use within 30 s, and every use after it while the run stays that dense.
    for (let k = 3; k < list.length; k++) {
      if (list[k]!.start - list[k - 3]!.start <= 30) out.push({ text: word, start: list[k]!.start, end: list[k]!.end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Non-inclusive terms from the maintained list, with the suggested alternatives. */
export function findNonInclusive(tokens: Token[]): VerbalFeatures["nonInclusive"] {
  const byTerm = new Map(NON_INCLUSIVE.map((e) => [e.term, e]));
  // Hyphenated list terms also match their spoken form ("man-hours" said as "man hours").
  const phrases = NON_INCLUSIVE.map((e) => [e.term.replace(/-/g, " "), 1] as [string, number]);
  const hyphenated = NON_INCLUSIVE.filter((e) => e.term.includes("-")).map((e) => [e.term, 1] as [string, number]);
  return matchPhrases(tokens, [...phrases, ...hyphenated]).map((m) => {
    const entry = byTerm.get(m.phrase) ?? NON_INCLUSIVE.find((e) => e.term.replace(/-/g, " ") === m.phrase)!;
    return { text: m.phrase, start: m.start, end: m.end, alternatives: entry.alternatives, category: entry.category };
  });
}

/** Whether a negator ("not", "never") stands within three words before token `from`. */
function negated(tokens: Token[], from: number): boolean {
  for (let k = Math.max(0, from - 3); k < from; k++) if (SENTIMENT.negators.has(tokens[k]!.w)) return true;
  return false;
}

/** Enthusiastic and bad-news wording, dropping negated ("not thrilled") and uncertain matches. */
export function findFeelings(tokens: Token[]): VerbalFeatures["feelings"] {
  const find = (list: WeightedPhraseList) =>
    matchPhrases(tokens, list).filter((m) => !touchesUncertain(tokens, m.from, m.to) && !negated(tokens, m.from));
  return { excitement: find(EMOTION_WORDS.excitement), badNews: find(EMOTION_WORDS.badNews) };
}
type WeightedPhraseList = (typeof EMOTION_WORDS)["excitement"];

/** Every verbal feature fusion uses, from the transcript and the audio pauses. */
export function extractVerbal(transcript: TTranscript, audio?: TAudioFeatures | null): VerbalFeatures {
  const tokens = tokenize(transcript.words);
  const sentences = splitSentences(tokens);
  const features: SentenceFeatures[] = sentences.map((s) => {
    const lex = lexiconSentiment(tokens, s.from, s.to);
    const prov = providerSentiment(transcript.sentiment, s.start, s.end);
    const words = s.to - s.from;
    return {
      ...s,
      sentiment: clamp(prov === null ? lex : (lex + prov) / 2, -1, 1),
      wpm: wordsPerMinute(words, Math.max(s.end - s.start, 0.5)),
      enthusiasm: lexiconSentiment(tokens, s.from, s.to, POLITE),
    };
  });
  // A cue heard with doubt is no cue: a misheard "definitely" must not raise a flag.
  const cues = Object.fromEntries(
    (Object.keys(CUES) as CueRole[]).map((role) => [
      role,
      matchPhrases(tokens, CUES[role]).filter(
        (m) => !touchesUncertain(tokens, m.from, m.to) && !(role === "hedges" && isLiteralHedge(tokens, m)),
      ),
    ]),
  ) as Record<CueRole, PhraseMatch[]>;
  const pauses = findPauses(tokens, audio?.pauses ?? []);
  return {
    tokens,
    marked: transcript.words.some((w) => w.uncertain !== undefined),
    sentences: features,
    fillers: findFillers(tokens, sentences),
    cues,
    feelings: findFeelings(tokens),
    nonInclusive: findNonInclusive(tokens),
    repetitions: findRepetitions(tokens),
    pauses,
    wpmWindows: wpmWindows(tokens),
    speakingSeconds: tokens.length ? speakingSeconds(tokens, tokens[0]!.start, tokens[tokens.length - 1]!.end) : 0,
  };
}
