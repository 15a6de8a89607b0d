import type { TPipelineStage } from "@coherence/shared";

/** Share of the total work each stage stands for; transcription and vision dominate. */
export const STAGE_WEIGHTS: Partial<Record<TPipelineStage, number>> = {
  probe: 0.02,
  extract: 0.04,
  transcribe: 0.3,
  visuals: 0.44,
  audio: 0.06,
  fuse: 0.04,
  coach: 0.05,
  persist: 0.05,
};

export type ProgressSnapshot = { stage: TPipelineStage; progress: number };

/**
 * Tracks the fraction done of each stage (stages may run in parallel) and
 * reports the overall percentage and the earliest unfinished stage.
 */
export function createProgressTracker(onChange: (s: ProgressSnapshot) => void): {
  update: (stage: TPipelineStage, fraction: number) => void;
  snapshot: () => ProgressSnapshot;
} {
  const done = new Map<TPipelineStage, number>();
  const order = Object.keys(STAGE_WEIGHTS) as TPipelineStage[];
  let last = -1;
  let lastStage: TPipelineStage | undefined;
  const snapshot = (): ProgressSnapshot => {
    let total = 0;
    for (const s of order) total += (STAGE_WEIGHTS[s] ?? 0) * (done.get(s) ?? 0);
    const current = order.find((s) => (done.get(s) ?? 0) < 1) ?? "complete";
    return { stage: current, progress: Math.min(100, Math.floor(total * 100)) };
  };
  return {
    update(stage, fraction) {
      done.set(stage, Math.max(done.get(stage) ?? 0, Math.min(1, Math.max(0, fraction))));
      const s = snapshot();
      if (s.progress !== last || s.stage !== lastStage) {
        last = s.progress;
        lastStage = s.stage;
        onChange(s);
      }
    },
    snapshot,
  };
}
