import { sql } from "kysely";
import type { Database } from "../db/kysely";
import { enqueueJobs } from "../jobs";
import { offPeakPlacement } from "../off-peak";
import { RESCORE_ANALYSIS_TASK } from "../videos/tasks";

/** One pending re-score per analysis: a second request replaces the first rather than adding a job. */
export function rescoreJobKey(analysisId: string): string {
  return `rescore:${analysisId}`;
}

/** Which analyses a bulk re-score takes, oldest first. */
export type RescoreSelection = {
  /** Only analyses created before this instant. */
  analysedBefore?: Date;
  /** Only analyses last scored before the newest change to the thresholds or the metric bands. */
  staleOnly?: boolean;
  limit: number;
};

/**
 * Queues one `rescore-analysis` job per selected analysis, all in one transaction (all
 * queued or none). Non-urgent work goes to the low-priority queue with run_at in the
 * off-peak window; urgent work goes to the default queue to run now. Only analyses with
 * stored raw events are taken: the others cannot be re-scored (the task would refuse them).
 * Every job of one call gets the same run_at: the low-priority queue runs one job at a
 * time, so they do not all start at once anyway.
 */
export async function enqueueRescores(
  db: Database,
  opts: {
    selection: RescoreSelection;
    urgent: boolean;
    offPeak: { window: string; timeZone: string };
    now?: Date;
    requestId?: string;
  },
): Promise<{ count: number; queue: string | null; runAt: Date }> {
  const now = opts.now ?? new Date();
  const { analysedBefore, staleOnly, limit } = opts.selection;
  // Urgent: the default queue and priority, run now (graphile-worker's defaults).
  const placement = opts.urgent ? { runAt: now } : offPeakPlacement({ offPeak: opts.offPeak, now });
  return await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("analyses")
      .select("id")
      .where("rawEvents", "is not", null)
      .where("durationSeconds", "is not", null)
      .$if(analysedBefore !== undefined, (q) => q.where("createdAt", "<", analysedBefore!))
      // The latest change to either table; analyses scored since then already use the current values.
      .$if(staleOnly === true, (q) =>
        q.where(
          sql<Date>`coalesce(rescored_at, created_at)`,
          "<",
          sql<Date>`(select greatest(
            (select max(updated_at) from dissonance_thresholds),
            (select max(updated_at) from metric_bands),
            (select max(updated_at) from score_tier_bounds)))`,
        ),
      )
      .orderBy("createdAt")
      .orderBy("id")
      .limit(limit)
      .execute();
    await enqueueJobs(
      trx,
      rows.map(({ id }) => ({
        task: RESCORE_ANALYSIS_TASK,
        payload: { analysisId: id, ...(opts.requestId ? { requestId: opts.requestId } : {}) },
        jobKey: rescoreJobKey(id),
        ...placement,
      })),
    );
    return { count: rows.length, queue: "queueName" in placement ? placement.queueName : null, runAt: placement.runAt };
  });
}
