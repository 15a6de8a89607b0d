import type { TVisualFrame } from "@coherence/shared";
import { pairSpeeds, toEnergy } from "./motion";

/**
 * Below this motion energy (the 0–1 scale of motion.ts) of the last measured pair of frames, the
 * presenter counts as still: a tenth of fusion's fidgeting level (0.5).
 */
export const STILL_BODY_ENERGY = 0.05;

/**
 * Decides frame by frame whether the body model runs. While the presenter is
 * still, it runs on one pair of consecutive frames out of every `2 × stillEvery`
 * frames, so motion energy (which pairs consecutive frames) still gets a
 * measurement in every window; as soon as a pair moves, or the model ran and
 * found nobody (the presenter may come back moving), it runs on every frame
 * again until a pair is still. `stillEvery` 1 runs it on every frame.
 */
export function createBodySchedule(opts: { stillEvery: number }) {
  const stride = Math.max(1, Math.floor(opts.stillEvery)) * 2;
  let moving = true;
  return {
    /** Whether to run the body model on the frame with this index. */
    runs(index: number): boolean {
      return stride <= 2 || moving || index % stride < 2;
    },
    /** Reports an analysed frame, whether the body model ran on it, and its predecessor. */
    observe(opts: { frame: TVisualFrame; ran: boolean; prev: TVisualFrame | undefined; aspect: number }): void {
      const { frame, prev, aspect } = opts;
      if (!opts.ran) return;
      if (!frame.body?.length) {
        moving = true;
        return;
      }
      if (!prev?.body?.length) return;
      const { hands, body } = pairSpeeds({ prev, cur: frame, aspect });
      if (hands === undefined && body === undefined) return;
      moving = Math.max(toEnergy(hands ?? 0), toEnergy(body ?? 0)) >= STILL_BODY_ENERGY;
    },
  };
}
