import type { TAudioFeatures, TMetric, TVisualTimeline } from "@coherence/shared";
import { type MetricBands, rateMetric } from "../fusion/bands";
import { DEFAULT_FRAME_RULES, type FrameRules } from "../fusion/signals";
import type { VerbalFeatures } from "../fusion/verbal";
import type { MetricContext } from "./context";
import { addPaceMetrics } from "./pace";
import { addPauseMetrics } from "./pauses";
import { transcriptConfidenceMetric } from "./transcript-confidence";
import { addEmotionMetrics } from "./visual/emotion";
import { addEyeContactMetrics } from "./visual/eye-contact";
import { addFidgetingMetrics } from "./visual/fidgeting";
import { addFramingMetrics } from "./visual/framing";
import { addVoiceMetrics } from "./voice";
import { addWordingMetrics } from "./wording";

export { OCCURRENCE_SECONDS } from "./context";
export {
  transcriptConfidenceMetric,
  UNRELIABLE_MEAN_CONFIDENCE,
  UNRELIABLE_UNCERTAIN_SHARE,
} from "./transcript-confidence";
export { dominantEmotion } from "./visual/emotion";
export { isOffCamera } from "./visual/eye-contact";
export { cameraDistanceStates } from "./visual/framing";
export { MONOTONE, monotoneStretches } from "./voice";

/**
 * The delivery metrics: Microsoft Speaker Coach's speakerAssignmentSubmission fields plus eye
 * contact, emotions, pitch and loudness variation, pauses, filler and hedge density, conciseness and
 * fidgeting. Each family lives in its own file (words and pace, wording, pauses, voice, and the
 * visual ones under visual/); each metric is rated against its band as it is added.
 */
export function computeMetrics(opts: {
  verbal: VerbalFeatures;
  visual: TVisualTimeline | null;
  audio: TAudioFeatures | null;
  bands: MetricBands;
  rules?: FrameRules;
}): TMetric[] {
  const metrics: TMetric[] = [];
  const ctx: MetricContext = {
    verbal: opts.verbal,
    visual: opts.visual,
    audio: opts.audio,
    rules: opts.rules ?? DEFAULT_FRAME_RULES,
    add: (m) => metrics.push(rateMetric(m, opts.bands)),
  };
  const words = ctx.verbal.tokens.length;
  ctx.add({ name: "wordsSpokenCount", value: words, unit: "words" });
  if (words > 0) ctx.add(transcriptConfidenceMetric(ctx.verbal));
  addPaceMetrics(ctx);
  addWordingMetrics(ctx);
  addPauseMetrics(ctx);
  addVoiceMetrics(ctx);
  addEyeContactMetrics(ctx);
  addFramingMetrics(ctx);
  addEmotionMetrics(ctx);
  addFidgetingMetrics(ctx);
  return metrics;
}
