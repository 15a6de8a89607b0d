import type { OpenApiMeta } from "trpc-to-openapi";
import { z } from "zod";

export const ZRescoreAllInput = z.object({
  /** Only analyses created before this instant. */
  analysedBefore: z.iso.datetime({ offset: true }).optional(),
  /** Only analyses scored before the latest change to the thresholds or metric bands. */
  staleOnly: z.boolean().default(false),
  limit: z.number().int().positive().max(10_000).default(1_000),
  /** true: run now on the default queue; false (default): the low-priority queue, in the off-peak window. */
  urgent: z.boolean().default(false),
});

export const ZRescoreAllOutput = z.object({
  /** Analyses queued (each at most once: a pending job for the same analysis is replaced). */
  count: z.number().int().nonnegative(),
  /** The named queue (null: the default queue). */
  queue: z.string().nullable(),
  /** When the jobs become due. */
  runAt: z.iso.datetime(),
});

export const rescoreAllMeta: OpenApiMeta = {
  openapi: {
    method: "POST",
    path: "/admin/analyses/rescore-all",
    tags: ["admin"],
    summary: "Re-score many analyses with the current thresholds",
    description:
      "Queues one re-score job per selected analysis (oldest first, up to `limit`), in one transaction. Not urgent by default: the jobs go to the low-priority queue and become due in the off-peak window (OFFPEAK_WINDOW in OFFPEAK_TIMEZONE). Calling again does not duplicate jobs. Admins only.",
    protect: true,
  },
};
