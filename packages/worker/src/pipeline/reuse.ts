import { createVideoRepository, type Database, findVideoScriptHash } from "@coherence/core";
import { findReusableAnalysis } from "../providers/cache";

/**
 * When the same user already has a finished analysis of the same file content (sha256),
 * copies it to this video instead of running any provider (VideoRepository.reuse), and
 * returns the new analysis id.
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
  const analysisId = await createVideoRepository(db).reuse({ videoId: video.id, source });
  return { analysisId, fromVideoId: source.videoId };
}
