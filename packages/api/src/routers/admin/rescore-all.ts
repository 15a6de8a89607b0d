import { enqueueRescores } from "@coherence/core";
import { adminProcedure } from "../../trpc/procedures";
import { rescoreAllMeta, ZRescoreAllInput, ZRescoreAllOutput } from "./rescore-all.types";

/** Bulk re-score (after a thresholds change): non-urgent by default, so it runs off-peak. */
export const rescoreAllRoute = adminProcedure
  .meta(rescoreAllMeta)
  .input(ZRescoreAllInput)
  .output(ZRescoreAllOutput)
  .mutation(async ({ ctx, input }) => {
    const { config } = ctx.deps;
    const out = await enqueueRescores(ctx.deps.db, {
      selection: {
        analysedBefore: input.analysedBefore ? new Date(input.analysedBefore) : undefined,
        staleOnly: input.staleOnly,
        limit: input.limit,
      },
      urgent: input.urgent,
      offPeak: { window: config.OFFPEAK_WINDOW, timeZone: config.OFFPEAK_TIMEZONE },
      now: ctx.deps.now?.(),
      requestId: ctx.requestId,
    });
    return { count: out.count, queue: out.queue, runAt: out.runAt.toISOString() };
  });
