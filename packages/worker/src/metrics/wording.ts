import { round } from "../fusion/text";
import { type MetricContext, times, top } from "./context";

/** Word choice: fillers, hedges, repetitions, non-inclusive language, conciseness and sentiment. */
export function addWordingMetrics({ verbal, add }: MetricContext): void {
  const words = verbal.tokens.length;
  const percent = (n: number) => (words ? round((100 * n) / words, 2) : 0);
  add({
    name: "fillerWordsOccurrencesCount",
    value: verbal.fillers.length,
    unit: "count",
    details: { topFillerWords: top(verbal.fillers), times: times(verbal.fillers) },
  });
  add({ name: "fillerDensity", value: percent(verbal.fillers.length), unit: "%" });
  const hedgeWords = verbal.cues.hedges.reduce((s, h) => s + (h.to - h.from), 0);
  add({
    name: "hedgeDensity",
    value: percent(hedgeWords),
    unit: "%",
    details: {
      topHedges: top(verbal.cues.hedges.map((h) => ({ text: h.phrase, start: h.start, end: h.end }))),
      times: times(verbal.cues.hedges),
    },
  });
  add({
    name: "repetitiveLanguageOccurrencesCount",
    value: verbal.repetitions.length,
    unit: "count",
    details: { topRepetitiveWordsAndPhrases: top(verbal.repetitions), times: times(verbal.repetitions) },
  });
  const nonInclusiveTop = top(verbal.nonInclusive).map((t) => ({
    ...t,
    alternatives: verbal.nonInclusive.find((n) => n.text === t.text)?.alternatives ?? [],
  }));
  add({
    name: "nonInclusiveLanguageOccurrencesCount",
    value: verbal.nonInclusive.length,
    unit: "count",
    details: { topNonInclusiveWordsAndPhrases: nonInclusiveTop, times: times(verbal.nonInclusive) },
  });
  if (words === 0) return;
  const repeatedWords = verbal.repetitions.reduce((s, r) => s + r.text.split(" ").length, 0);
  const fillerWords = verbal.fillers.reduce((s, f) => s + f.text.split(" ").length, 0);
  add({
    name: "conciseness",
    value: round(Math.max(0, 100 - percent(fillerWords + hedgeWords + repeatedWords)), 1),
    unit: "%",
    details: {
      meanSentenceWords: round(words / Math.max(1, verbal.sentences.length), 1),
      sentences: verbal.sentences.length,
    },
  });
  const sentiments = verbal.sentences.map((s) => s.sentiment);
  add({
    name: "averageSentiment",
    value: round(sentiments.reduce((a, b) => a + b, 0) / Math.max(1, sentiments.length), 3),
    unit: "score",
    details: {
      positiveSentences: sentiments.filter((s) => s > 0.333).length,
      negativeSentences: sentiments.filter((s) => s < -0.333).length,
    },
  });
}
