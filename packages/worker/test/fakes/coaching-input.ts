import type { CoachingInput, CoachingSynthesisProvider } from "../../src/providers/types";

/** A small analysis to coach: one metric, one gaze flag, a transcript excerpt. */
export const coachingInput: CoachingInput = {
  durationSeconds: 60,
  score: 72,
  tier: "Proficient",
  metrics: [{ name: "pace_wpm", value: 150, unit: "wpm" }],
  flags: [
    {
      type: "GAZE_AVOIDANCE",
      start: 12,
      end: 15,
      severity: 0.6,
      confidence: 0.8,
      evidence: { quote: "our revenue tripled", observation: "looked away", provider: "local" },
      tip: "Look at the lens.",
    },
  ],
  transcriptExcerpt: "our revenue tripled this year",
};

/** The fallback Gemini hands over to, reduced to a recognisable constant answer. */
export const stubRuleBased: CoachingSynthesisProvider = {
  name: "rule-based",
  generate: async () => ({ provider: "rule-based", summary: "Rule-based summary.", strengths: [], improvements: [] }),
};
