import { createHash } from "node:crypto";

export type Arm = "control" | "treatment";

/**
 * A user's stable position in an experiment, uniform in [0, 100): the first 52 bits of
 * sha256(experiment key, user id). Salting with the key keeps experiments independent.
 */
export function bucketOf(experimentKey: string, userId: string): number {
  const digest = createHash("sha256").update(`${experimentKey}\u0000${userId}`).digest();
  const top52 = digest.readUIntBE(0, 6) * 16 + (digest[6]! >> 4);
  return (top52 / 2 ** 52) * 100;
}

/** The arm a user falls in when `treatmentPercent` of users get the treatment. */
export function armFor(opts: { experimentKey: string; userId: string; treatmentPercent: number }): Arm {
  return bucketOf(opts.experimentKey, opts.userId) < opts.treatmentPercent ? "treatment" : "control";
}
