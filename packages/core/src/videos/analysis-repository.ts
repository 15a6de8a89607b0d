import type { TFlag } from "@coherence/shared";
import { type Insertable, sql } from "kysely";
import type { Analyses, AnalysisMetrics } from "../db/types";
import { type DbOrTransaction, inTransaction } from "./transaction";

/** What an analysis shows on the results page (the rest only the worker reads). */
export const ANALYSIS_RESULT_COLUMNS = [
  "coherenceScore",
  "scoreTier",
  "durationSeconds",
  "heatmap",
  "report",
  "transcript",
  "scriptAdherence",
] as const;

/** Everything an analysis carries besides ids, its video and timestamps: what a copy copies. */
export const ANALYSIS_COLUMNS = [
  ...ANALYSIS_RESULT_COLUMNS,
  "visualTimeline",
  "audioFeatures",
  "rawEvents",
  "thresholds",
  "thresholdsVersion",
  "providers",
  "scoreBreakdown",
  "rescoredAt",
] as const;
export const METRIC_COLUMNS = ["name", "value", "unit", "details", "bandLow", "bandHigh", "rating"] as const;
export const FLAG_COLUMNS = [
  "type",
  "startSeconds",
  "endSeconds",
  "severity",
  "confidence",
  "evidence",
  "tip",
] as const;

/** A new analysis row, without its video (the repository sets it). */
export type NewAnalysis = Omit<Insertable<Analyses>, "id" | "videoId" | "createdAt" | "updatedAt">;
/** A new metric row, without its analysis. */
export type NewMetric = Omit<Insertable<AnalysisMetrics>, "analysisId">;
/** What re-scoring changes on an analysis. */
export type AnalysisRescore = {
  coherenceScore: number;
  scoreTier: string;
  heatmap: unknown;
  scoreBreakdown: unknown;
  thresholds: unknown;
  flags: TFlag[];
  ratings: { name: string; bandLow: number | null; bandHigh: number | null; rating: string | null }[];
};

const uuid = (id: string) => sql<string>`${id}::uuid`;

/** Writes of `analyses`, their metrics and flags. Works on the database or inside a caller's transaction. */
export function createAnalysisRepository(db: DbOrTransaction) {
  async function insertFlags(trx: DbOrTransaction, analysisId: string, flags: TFlag[]): Promise<void> {
    if (flags.length === 0) return;
    await trx
      .insertInto("dissonanceFlags")
      .values(
        flags.map((f) => ({
          analysisId,
          type: f.type,
          startSeconds: f.start,
          endSeconds: f.end,
          severity: f.severity,
          confidence: f.confidence,
          evidence: JSON.stringify(f.evidence),
          tip: f.tip,
        })),
      )
      .execute();
  }

  return {
    /**
     * The video's analysis with its metrics and flags, replacing any earlier one (one
     * video, one analysis: running it twice replaces rather than adds). Returns its id.
     */
    async replaceForVideo(opts: {
      videoId: string;
      analysis: NewAnalysis;
      metrics: NewMetric[];
      flags: TFlag[];
    }): Promise<string> {
      return inTransaction(db, async (trx) => {
        await trx.deleteFrom("analyses").where("videoId", "=", opts.videoId).execute();
        const { id } = await trx
          .insertInto("analyses")
          .values({ ...opts.analysis, videoId: opts.videoId })
          .returning("id")
          .executeTakeFirstOrThrow();
        if (opts.metrics.length > 0) {
          await trx
            .insertInto("analysisMetrics")
            .values(opts.metrics.map((m) => ({ ...m, analysisId: id })))
            .execute();
        }
        await insertFlags(trx, id, opts.flags);
        return id;
      });
    },

    /**
     * Copies an analysis (metrics, flags) to another video, replacing that video's own.
     * The providers the source used are booked again for the video as cached calls at $0,
     * so its cost shows what the reuse saved. Returns the copy's id.
     */
    async copyToVideo(opts: { sourceAnalysisId: string; sourceVideoId: string; videoId: string }): Promise<string> {
      const { sourceAnalysisId, sourceVideoId, videoId } = opts;
      return inTransaction(db, async (trx) => {
        await trx.deleteFrom("analyses").where("videoId", "=", videoId).execute();
        const { id } = await trx
          .insertInto("analyses")
          .columns(["videoId", ...ANALYSIS_COLUMNS])
          .expression((eb) =>
            eb
              .selectFrom("analyses")
              .select([uuid(videoId).as("videoId"), ...ANALYSIS_COLUMNS])
              .where("id", "=", sourceAnalysisId),
          )
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("analysisMetrics")
          .columns(["analysisId", ...METRIC_COLUMNS])
          .expression((eb) =>
            eb
              .selectFrom("analysisMetrics")
              .select([uuid(id).as("analysisId"), ...METRIC_COLUMNS])
              .where("analysisId", "=", sourceAnalysisId),
          )
          .execute();
        await trx
          .insertInto("dissonanceFlags")
          .columns(["analysisId", ...FLAG_COLUMNS])
          .expression((eb) =>
            eb
              .selectFrom("dissonanceFlags")
              .select([uuid(id).as("analysisId"), ...FLAG_COLUMNS])
              .where("analysisId", "=", sourceAnalysisId),
          )
          .execute();
        await trx
          .insertInto("providerUsage")
          .columns([
            "provider",
            "operation",
            "units",
            "unitKind",
            "costUsd",
            "latencyMs",
            "cached",
            "videoId",
            "analysisId",
          ])
          .expression((eb) =>
            eb
              .selectFrom("providerUsage")
              .select([
                "provider",
                "operation",
                "units",
                "unitKind",
                sql<number>`0`.as("costUsd"),
                sql<number>`0`.as("latencyMs"),
                sql<boolean>`true`.as("cached"),
                uuid(videoId).as("videoId"),
                uuid(id).as("analysisId"),
              ])
              .where("videoId", "=", sourceVideoId)
              .where("succeeded", "=", true),
          )
          .execute();
        return id;
      });
    },

    /** Stores a re-score: score, heatmap and breakdown, the flags (replaced) and the metrics' ratings. */
    async applyRescore(analysisId: string, out: AnalysisRescore): Promise<void> {
      await inTransaction(db, async (trx) => {
        await trx
          .updateTable("analyses")
          .set({
            coherenceScore: out.coherenceScore,
            scoreTier: out.scoreTier,
            heatmap: JSON.stringify(out.heatmap),
            scoreBreakdown: JSON.stringify(out.scoreBreakdown),
            thresholds: JSON.stringify(out.thresholds),
            rescoredAt: new Date(),
            updatedAt: new Date(),
          })
          .where("id", "=", analysisId)
          .execute();
        await trx.deleteFrom("dissonanceFlags").where("analysisId", "=", analysisId).execute();
        await insertFlags(trx, analysisId, out.flags);
        for (const m of out.ratings) {
          await trx
            .updateTable("analysisMetrics")
            .set({ bandLow: m.bandLow, bandHigh: m.bandHigh, rating: m.rating })
            .where("analysisId", "=", analysisId)
            .where("name", "=", m.name)
            .execute();
        }
      });
    },

    /** Gives an analysis to another video (the one being deleted reused it for identical content). */
    async handOver(opts: { analysisId: string; toVideoId: string }): Promise<void> {
      await db.updateTable("analyses").set({ videoId: opts.toVideoId }).where("id", "=", opts.analysisId).execute();
    },
  };
}

export type AnalysisRepository = ReturnType<typeof createAnalysisRepository>;
