import type { TDissonanceType } from "@coherence/shared";

/**
 * One-line coaching tip per dissonance type, shown on each flag. Each tip
 * answers the delivery side coaching.md lists for its type, so every cause the
 * detector can report (e.g. face out of frame, self-touch, downcast gaze) has
 * a matching instruction.
 */
export const TIPS: Record<TDissonanceType, string> = {
  EMOTIONAL_MISMATCH:
    "Let your face carry the feeling of your words, good news and bad: rehearse this line in a mirror until the expression matches it.",
  GAZE_AVOIDANCE:
    "Say key claims and calls to action straight into the lens, with your face in frame; glance at notes before the sentence, not during it.",
  NERVOUS_FIDGETING:
    "Plant your feet and rest your hands at waist height, away from your face, while you make assertive points.",
  CONFIDENCE_MISMATCH:
    "Back confident words with confident delivery: drop the hedges and fillers around them, keep your voice up to the end, and your eyes up.",
  MONOTONE_EMPHASIS:
    "When you say something matters, make it sound that way: slow down, vary your pitch, lift your volume, and pause after it.",
  DEICTIC_MISMATCH:
    'When you say "look at this" or "here", point at it or turn toward it so the audience knows where to look.',
  PACE_MISMATCH:
    'Match your pace to your promise: keep "briefly" brief, and slow down on key points instead of rushing them.',
};
