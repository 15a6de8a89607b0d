import { EMOTIONS, type TEmotion, type TVisualFrame } from "@coherence/shared";
import { meanEmotions, smoothedEmotions, WEAK_EMOTION } from "../../fusion/signals";
import { round } from "../../fusion/text";
import type { MetricContext } from "../context";

/** Emotions other than neutral and happy need a clearer reading before they are named. */
const CLEAR_NEGATIVE = 0.55;

/**
 * The talk's dominant emotion from smoothed readings, or "uncertain" when the readings are weak:
 * the strongest mean emotion under WEAK_EMOTION, or a sad, angry, fearful, disgusted or surprised
 * reading that is not clearly ahead (a neutral face often scatters a little onto those).
 */
export function dominantEmotion(frames: TVisualFrame[]): TEmotion | "uncertain" {
  const readings = smoothedEmotions(frames);
  if (readings.length === 0) return "uncertain";
  const mean = Object.fromEntries(EMOTIONS.map((e) => [e, 0])) as Record<TEmotion, number>;
  for (const r of readings) for (const e of EMOTIONS) mean[e] += r.e[e] / readings.length;
  const ranked = [...EMOTIONS].sort((a, b) => mean[b] - mean[a]);
  const [top, second] = [ranked[0]!, ranked[1]!];
  if (mean[top] < WEAK_EMOTION) return "uncertain";
  if (top !== "neutral" && top !== "happy" && (mean[top] < CLEAR_NEGATIVE || mean[top] - mean[second] < 0.2))
    return "uncertain";
  return top;
}

/** The face's emotions over the talk: the share of happy, the distribution and the dominant emotion. */
export function addEmotionMetrics({ visual, add }: MetricContext): void {
  if (!visual || visual.frames.length === 0) return;
  const emotions = meanEmotions(visual.frames);
  if (!emotions) return;
  add({
    name: "emotionDistribution",
    value: round(100 * emotions.happy, 1),
    unit: "% happy",
    details: {
      dominant: dominantEmotion(visual.frames),
      distribution: Object.fromEntries(EMOTIONS.map((e) => [e, round(emotions[e], 3)])),
    },
  });
}
