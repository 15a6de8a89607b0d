import { type Database, findVideoScriptHash } from "@coherence/core";
import { sql } from "kysely";
import { findReusableAnalysis } from "../providers/cache";
import { markComplete } from "./status";

// Everything an analysis, its metrics and its flags carry besides ids and timestamps.
const ANALYSIS_COLUMNS = [
  "coherenceScore",
  "scoreTier",
  "durationSeconds",
  "heatmap",
  "report",
  "transcript",
  "visualTimeline",
  "audioFeatures",
  "rawEvents",
  "thresholds",
  "thresholdsVersion",
  "providers",
  "scoreBreakdown",
  "rescoredAt",
  "scriptAdherence",
] as const;
const METRIC_COLUMNS = ["name", "value", "unit", "details", "bandLow", "bandHigh", "rating"] as const;
const FLAG_COLUMNS = ["type", "startSeconds", "endSeconds", "severity", "confidence", "evidence", "tip"] as const;

const uuid = (id: string) => sql<string>`${id}::uuid`;

/**
 * When the same user already has a finished analysis of the same file content (sha256),
 * copies it to this video instead of running any provider, and returns the new analysis id.
 * A copy rather than a link (videos.analysis_id, as registration does when the earlier
 * analysis was already finished) so that deleting or re-scoring the earlier video leaves
 * this one intact. The providers the earlier analysis used are booked again for this video
 * as cached calls at $0, so its cost shows what the reuse saved.
 */
export async function reuseFinishedAnalysis(opts: {
  db: Database;
  video: { id: string; userId: string; contentHash: string | null };
}): Promise<{ analysisId: string; fromVideoId: string } | undefined> {
  const { db, video } = opts;
  if (!video.contentHash) return undefined;
  const source = await findReusableAnalysis({
    db,
    userId: video.userId,
    contentHash: video.contentHash,
    excludeVideoId: video.id,
  });
  if (!source) return undefined;
  // An analysis made with another script (or none) is not this video's: its transcript was guided differently.
  const [ownScript, sourceScript] = await Promise.all([
    findVideoScriptHash(db, video.id),
    findVideoScriptHash(db, source.videoId),
  ]);
  if (ownScript !== sourceScript) return undefined;
  const analysisId = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("analyses").where("videoId", "=", video.id).execute();
    const { id } = await trx
      .insertInto("analyses")
      .columns(["videoId", ...ANALYSIS_COLUMNS])
      .expression((eb) =>
        eb
          .selectFrom("analyses")
          .select([uuid(video.id).as("videoId"), ...ANALYSIS_COLUMNS])
          .where("id", "=", source.analysisId),
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
          .where("analysisId", "=", source.analysisId),
      )
      .execute();
    await trx
      .insertInto("dissonanceFlags")
      .columns(["analysisId", ...FLAG_COLUMNS])
      .expression((eb) =>
        eb
          .selectFrom("dissonanceFlags")
          .select([uuid(id).as("analysisId"), ...FLAG_COLUMNS])
          .where("analysisId", "=", source.analysisId),
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
            uuid(video.id).as("videoId"),
            uuid(id).as("analysisId"),
          ])
          .where("videoId", "=", source.videoId)
          .where("succeeded", "=", true),
      )
      .execute();
    await markComplete(trx, {
      videoId: video.id,
      durationSeconds: sql<number>`coalesce((select duration_seconds from analyses where id = ${id}), videos.duration_seconds)`,
    });
    return id;
  });
  return { analysisId, fromVideoId: source.videoId };
}
