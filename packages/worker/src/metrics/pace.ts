import { wordsPerMinute } from "@coherence/shared";
import { round } from "../fusion/text";
import type { MetricContext } from "./context";

/**
 * The headline pace. One definition everywhere: words ÷ seconds of speech (first word to last,
 * breaks of 1.5 s or more between words left out). The details carry both numbers and the windows,
 * so what the user sees can be checked against the words and the time shown.
 */
export function addPaceMetrics({ verbal, add }: MetricContext): void {
  const words = verbal.tokens.length;
  if (words === 0) return;
  add({
    name: "averageWordsPerMinutePace",
    value: round(wordsPerMinute(words, verbal.speakingSeconds), 1),
    unit: "wpm",
    details: {
      words,
      seconds: round(verbal.speakingSeconds, 1),
      windows: verbal.wpmWindows.map((w) => ({
        start: round(w.start, 1),
        end: round(w.end, 1),
        words: w.words,
        seconds: round(w.seconds, 1),
        wpm: round(w.wpm, 1),
      })),
    },
  });
}
