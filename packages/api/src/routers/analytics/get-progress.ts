import { progressMinute } from "../../reads/analytics-version";
import { authedProcedure } from "../../trpc/procedures";
import { getProgressMeta, type TProgressRange, ZGetProgressInput, ZGetProgressOutput } from "./get-progress.types";
import { loadAnalysedTalks } from "./load-analysed-talks";

const RANGE_DAYS: Record<TProgressRange, number | null> = { "30d": 30, "90d": 90, "1y": 365, all: null };

/** Where a range starts, counted back from `now`; null for all time. */
export function rangeStart(range: TProgressRange, now: Date): Date | null {
  const days = RANGE_DAYS[range];
  return days === null ? null : new Date(now.getTime() - days * 86_400_000);
}

/** The signed-in user's score and delivery metrics over time, one point per analysed talk. */
export const getProgressRoute = authedProcedure
  .meta(getProgressMeta)
  .input(ZGetProgressInput)
  .output(ZGetProgressOutput)
  .query(async ({ ctx, input }) => {
    const from = rangeStart(input.range, new Date(progressMinute(ctx.deps.now?.() ?? new Date()) * 60_000));
    const talks = await loadAnalysedTalks(ctx.deps.db, { userId: ctx.user.id, since: from });
    return {
      range: input.range,
      from: from?.toISOString() ?? null,
      points: talks.map((t) => ({
        videoId: t.videoId,
        title: t.title,
        recordedAt: t.recordedAt.toISOString(),
        durationSeconds: t.durationSeconds,
        score: t.score,
        tier: t.tier,
        wpm: t.wpm,
        fillerDensity: t.fillerDensity,
        eyeContact: t.eyeContact,
        flagsPerMinute: t.flagsPerMinute,
      })),
    };
  });
