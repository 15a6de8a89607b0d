import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { z } from "zod";
import { AIServiceError } from "../errors";
import { pollWithBackoff } from "../http-retry";
import { type CallContext, PROVIDER, requireId, type TwelveLabsConnection } from "./twelvelabs-client";
import { INDEX_MODELS, type TwelveLabsIndexApi } from "./twelvelabs-index";

/** The index calls, bound to one analysis's signal and logger. */
export function indexApi(tl: TwelveLabsConnection, ctx: CallContext): TwelveLabsIndexApi {
  return {
    create: async (indexName) => {
      const created = await tl.call("create-index", ctx, (ro) =>
        tl.client.indexes.create({ indexName, models: INDEX_MODELS }, ro),
      );
      return requireId(created.id, "create-index");
    },
    models: async (indexId) => {
      try {
        const index = await tl.call("index-models", ctx, (ro) => tl.client.indexes.retrieve(indexId, ro));
        return (index.models ?? []).flatMap((m) => (m.modelName ? [m.modelName] : []));
      } catch (error) {
        // A stored index deleted in the console is as good as one without Pegasus: replace it.
        if (error instanceof AIServiceError && error.httpStatus === 404) return [];
        throw error;
      }
    },
  };
}

type IndexedVideo = { assetId: string; videoId: string };

type UploadArgs = CallContext & {
  videoPath: string;
  indexId: string;
  onProgress?: (f: number) => void;
};

/** How upload processing and indexing are polled: one backoff, one overall deadline for both. */
type Poll = {
  backoff: { signal: AbortSignal; initialDelayMs: number; maxDelayMs: number };
  remaining: () => number;
};

async function sha256File(path: string, signal: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Uploads the file as an asset and waits until TwelveLabs has processed it. */
async function uploadAsset(tl: TwelveLabsConnection, args: UploadArgs, poll: Poll): Promise<string> {
  const asset = await tl.call("upload", args, (ro) =>
    tl.client.assets.create(
      { method: "direct", file: createReadStream(args.videoPath), filename: basename(args.videoPath) },
      ro,
    ),
  );
  const assetId = requireId(asset.id, "upload");
  if (asset.status === "ready") return assetId;
  await pollWithBackoff({
    provider: PROVIDER,
    operation: "asset-processing",
    ...poll.backoff,
    overallTimeoutMs: poll.remaining(),
    check: async () => {
      const current = await tl.call("asset-status", args, (ro) => tl.client.assets.retrieve(assetId, ro));
      if (current.status === "failed") {
        throw new AIServiceError({
          provider: PROVIDER,
          operation: "upload",
          kind: "task_failed",
          detail: `asset ${assetId} failed processing`,
        });
      }
      return current.status === "ready" ? { done: true, value: null } : { done: false };
    },
  });
  return assetId;
}

/** Indexes the asset and waits until the index is ready; returns the indexed video's id. */
async function indexAsset(tl: TwelveLabsConnection, args: UploadArgs & { assetId: string }, poll: Poll) {
  const indexed = await tl.call("index", args, (ro) =>
    tl.client.indexes.indexedAssets.create(args.indexId, { assetId: args.assetId }, ro),
  );
  const videoId = requireId(indexed.id, "index");
  await pollWithBackoff({
    provider: PROVIDER,
    operation: "indexing",
    ...poll.backoff,
    overallTimeoutMs: poll.remaining(),
    onProgress: (f) => args.onProgress?.(0.2 + 0.5 * f),
    check: async () => {
      const current = await tl.call("index-status", args, (ro) =>
        tl.client.indexes.indexedAssets.retrieve(args.indexId, videoId, {}, ro),
      );
      if (current.status === "failed") {
        throw new AIServiceError({
          provider: PROVIDER,
          operation: "index",
          kind: "task_failed",
          detail: `indexing of ${videoId} failed`,
        });
      }
      if (current.status === "ready") return { done: true, value: null };
      return { done: false, progress: current.status === "indexing" ? 0.5 : 0.1 };
    },
  });
  return videoId;
}

/**
 * Uploads and indexes a video, unless this file (by content hash) was indexed in this index
 * before: then its ids are reused and nothing is sent, so a retried job is cheap.
 */
export async function uploadAndIndex(
  tl: TwelveLabsConnection,
  args: UploadArgs,
): Promise<IndexedVideo & { reused: boolean }> {
  const fileHash = await sha256File(args.videoPath, args.signal);
  const memoKey = `twelvelabs.indexed:${tl.endpoint}:${args.indexId}:${fileHash}`;
  const memo = z.object({ assetId: z.string(), videoId: z.string() }).safeParse(await tl.store.getSetting(memoKey));
  if (memo.success) return { ...memo.data, reused: true };

  const deadline = Date.now() + tl.settings.indexingTimeoutMs;
  const poll: Poll = {
    backoff: {
      signal: args.signal,
      initialDelayMs: tl.settings.pollInitialDelayMs,
      maxDelayMs: tl.settings.pollMaxDelayMs,
    },
    remaining: () => Math.max(1, deadline - Date.now()),
  };
  const assetId = await uploadAsset(tl, args, poll);
  args.onProgress?.(0.2);
  const videoId = await indexAsset(tl, { ...args, assetId }, poll);
  await tl.store.putSettingIfAbsent(memoKey, { assetId, videoId });
  return { assetId, videoId, reused: false };
}
