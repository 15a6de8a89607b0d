import type { TMetric } from "@coherence/shared";
import { round } from "../fusion/text";
import type { VerbalFeatures } from "../fusion/verbal";

/** Share of words the recogniser marked uncertain above which the transcript is not reliable. */
export const UNRELIABLE_UNCERTAIN_SHARE = 0.35;
/** Mean word confidence below which an unmarked transcript (older analyses, fakes) is not reliable. */
export const UNRELIABLE_MEAN_CONFIDENCE = 0.5;

/**
 * How well the words were heard: mean recogniser confidence (as a %), the words marked uncertain,
 * and the verdict. The recogniser marks uncertain words by its own calibration; a transcript with no
 * marks is judged by its mean confidence.
 */
export function transcriptConfidenceMetric(verbal: VerbalFeatures): TMetric {
  const words = verbal.tokens.length;
  const mean = verbal.tokens.reduce((s, t) => s + t.confidence, 0) / Math.max(1, words);
  const uncertain = verbal.tokens.filter((t) => t.uncertain).length;
  const reliable = verbal.marked
    ? uncertain / Math.max(1, words) <= UNRELIABLE_UNCERTAIN_SHARE
    : mean >= UNRELIABLE_MEAN_CONFIDENCE;
  return {
    name: "transcriptConfidence",
    value: round(100 * mean, 1),
    unit: "%",
    details: { words, uncertainWords: uncertain, markedByRecogniser: verbal.marked, reliable },
  };
}
