import type { Database } from "@coherence/core";
import type { StageCache } from "./types";

/** Stage outputs kept in `analysis_artifacts`, keyed by video, stage and provider. */
export function createDbStageCache(db: Database, videoId: string): StageCache {
  return {
    async get<T>(stage: string, provider: string) {
      const row = await db
        .selectFrom("analysisArtifacts")
        .select("data")
        .where("videoId", "=", videoId)
        .where("stage", "=", stage)
        .where("provider", "=", provider)
        .executeTakeFirst();
      return row?.data as T | undefined;
    },
    async set(stage, provider, data) {
      await db
        .insertInto("analysisArtifacts")
        .values({ videoId, stage, provider, data: JSON.stringify(data) })
        .onConflict((oc) => oc.columns(["videoId", "stage", "provider"]).doUpdateSet({ data: JSON.stringify(data) }))
        .execute();
    },
  };
}
