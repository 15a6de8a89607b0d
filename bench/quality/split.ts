import type { TalkSpec } from "./spec";
import { TALKS } from "./talks";

/**
 * The fixed split: each talk names its half in talks.ts (`half`), chosen by hand
 * so both halves hold every flag type and calm controls at every size. Tune on
 * `tune`; report on `heldout` (the default), so the figures are not fitted to the answers.
 */
export const SPLITS = ["heldout", "tune", "all"] as const;
export type Split = (typeof SPLITS)[number];

export function selectTalks(opts: { split: Split; subset?: boolean; only?: string[]; talks?: TalkSpec[] }): TalkSpec[] {
  return (opts.talks ?? TALKS).filter(
    (t) =>
      (opts.split === "all" || t.half === opts.split) &&
      (!opts.subset || t.subset) &&
      (!opts.only?.length || opts.only.includes(t.id)),
  );
}
