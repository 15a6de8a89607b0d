import type { TDissonanceType } from "@coherence/shared";

/** One-line coaching tip per dissonance type, shown on each flag. */
export const TIPS: Record<TDissonanceType, string> = {
  EMOTIONAL_MISMATCH:
    "Let your face carry the feeling of your words: rehearse this line in a mirror until the expression matches it.",
  GAZE_AVOIDANCE: "Deliver key claims straight into the lens; look down at notes before the sentence, not during it.",
  NERVOUS_FIDGETING: "Plant your feet and rest your hands at waist height while you make assertive points.",
  CONFIDENCE_MISMATCH:
    "Back confident words with confident delivery: drop the hedges and fillers around them and keep your voice up to the end.",
  MONOTONE_EMPHASIS:
    "When you say something matters, make it sound that way: slow down, raise your pitch and volume, and pause after it.",
  DEICTIC_MISMATCH:
    'When you say "look at this" or "here", point at it or turn toward it so the audience knows where to look.',
  PACE_MISMATCH:
    'Match your pace to your promise: keep "briefly" brief, and slow down on key points instead of rushing them.',
};
