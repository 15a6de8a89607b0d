import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Database } from "@coherence/core";
import {
  type TCoachingReport,
  type TTranscript,
  type TVisualTimeline,
  ZCoachingReport,
  ZTranscript,
  ZVisualTimeline,
} from "@coherence/shared";
import { sql } from "kysely";
import type { CoachingSynthesisProvider, SpeechTranscriptionProvider, VideoAnalysisProvider } from "./types";

// Results served from a cache are marked so the usage recorder books them at $0.
const cachedResults = new WeakSet<object>();

/** Marks a result as served from a cache (no provider call was made). */
export function markCached<T extends object>(result: T): T {
  cachedResults.add(result);
  return result;
}

/** Whether a result came from a cache rather than a provider call. */
export function isCached(result: object): boolean {
  return cachedResults.has(result);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A request fingerprint: sha256 of the parts as key-order-independent JSON. */
export function fingerprint(...parts: unknown[]): string {
  return createHash("sha256").update(stableJson(parts)).digest("hex");
}

/** sha256 of a file's bytes, streamed. */
export async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Provider responses by fingerprint, each with an expiry. */
export type ResponseCache = {
  get(fingerprint: string): Promise<unknown | undefined>;
  set(entry: {
    fingerprint: string;
    provider: string;
    operation: string;
    value: unknown;
    ttlSeconds: number;
  }): Promise<void>;
};

/** provider_response_cache as a ResponseCache; expired rows read as misses. */
export function createDbResponseCache(db: Database): ResponseCache {
  return {
    async get(fp) {
      const row = await db
        .selectFrom("providerResponseCache")
        .select("response")
        .where("fingerprint", "=", fp)
        .where("expiresAt", ">", sql<Date>`now()`)
        .executeTakeFirst();
      return row?.response ?? undefined;
    },
    async set(entry) {
      const values = {
        fingerprint: entry.fingerprint,
        provider: entry.provider,
        operation: entry.operation,
        response: sql<never>`${JSON.stringify(entry.value)}::jsonb`,
        expiresAt: sql<Date>`now() + make_interval(secs => ${entry.ttlSeconds})`,
      };
      await db
        .insertInto("providerResponseCache")
        .values(values)
        .onConflict((oc) =>
          oc
            .column("fingerprint")
            .doUpdateSet({ response: values.response, expiresAt: values.expiresAt, createdAt: sql`now()` }),
        )
        .execute();
    },
  };
}

/**
 * A ResponseCache in this process's memory, for runs without a database (`coherence analyze`):
 * the same request is still answered once per run.
 */
export function createMemoryResponseCache(now: () => number = Date.now): ResponseCache {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    async get(fp) {
      const entry = entries.get(fp);
      return entry && entry.expiresAt > now() ? entry.value : undefined;
    },
    async set(entry) {
      entries.set(entry.fingerprint, { value: entry.value, expiresAt: now() + entry.ttlSeconds * 1000 });
    },
  };
}

/** Deletes expired cache rows; run it from a periodic job. Returns how many went. */
export async function purgeExpiredResponses(db: Database): Promise<number> {
  const result = await db
    .deleteFrom("providerResponseCache")
    .where("expiresAt", "<=", sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Transcripts by (audio hash, provider, options hash): transcription_memo, or memory without a database. */
export type TranscriptMemo = {
  get(key: TranscriptMemoKey): Promise<unknown | undefined>;
  put(key: TranscriptMemoKey, transcript: TTranscript): Promise<void>;
};
type TranscriptMemoKey = { audioHash: string; provider: string; optionsHash: string };

/** transcription_memo as a TranscriptMemo; the first transcript stored for a key stays. */
export function createDbTranscriptMemo(db: Database): TranscriptMemo {
  return {
    async get(key) {
      const hit = await db
        .selectFrom("transcriptionMemo")
        .select("transcript")
        .where("audioHash", "=", key.audioHash)
        .where("provider", "=", key.provider)
        .where("optionsHash", "=", key.optionsHash)
        .executeTakeFirst();
      return hit?.transcript;
    },
    async put(key, transcript) {
      await db
        .insertInto("transcriptionMemo")
        .values({ ...key, transcript: sql<never>`${JSON.stringify(transcript)}::jsonb` })
        .onConflict((oc) => oc.columns(["audioHash", "provider", "optionsHash"]).doNothing())
        .execute();
    },
  };
}

/** A TranscriptMemo in this process's memory, for runs without a database. */
export function createMemoryTranscriptMemo(): TranscriptMemo {
  const entries = new Map<string, TTranscript>();
  const id = (k: TranscriptMemoKey) => `${k.audioHash}:${k.provider}:${k.optionsHash}`;
  return {
    async get(key) {
      return entries.get(id(key));
    },
    async put(key, transcript) {
      if (!entries.has(id(key))) entries.set(id(key), transcript);
    },
  };
}

/**
 * Memoises transcription by audio content hash, provider and the options that change the
 * transcript (model, language…): the same audio is never sent twice.
 */
export function withTranscriptionMemo(
  provider: SpeechTranscriptionProvider,
  opts: { memo: TranscriptMemo; options: Record<string, unknown> },
): SpeechTranscriptionProvider {
  const optionsHash = fingerprint(opts.options);
  return {
    name: provider.name,
    async transcribe(args) {
      const audioHash = await hashFile(args.audioPath, args.signal);
      // A script guides the recogniser, so it is part of what the transcript depends on.
      const key = {
        audioHash,
        provider: provider.name,
        optionsHash: args.script ? fingerprint(opts.options, { script: args.script }) : optionsHash,
      };
      const hit = await opts.memo.get(key);
      const parsed = hit === undefined ? undefined : ZTranscript.safeParse(hit);
      if (parsed?.success) {
        args.logger.info({ provider: provider.name, audioHash }, "transcript memo hit");
        return markCached(parsed.data);
      }
      const transcript: TTranscript = await provider.transcribe(args);
      await opts.memo.put(key, transcript);
      return transcript;
    },
  };
}

/** Caches a video provider's timeline by video content hash, provider and fps, with a TTL. */
export function withVideoResponseCache(
  provider: VideoAnalysisProvider,
  opts: { cache: ResponseCache; ttlSeconds: number; options?: Record<string, unknown> },
): VideoAnalysisProvider {
  return {
    name: provider.name,
    async analyze(args) {
      const fp = fingerprint(
        "video",
        provider.name,
        await hashFile(args.videoPath, args.signal),
        args.fps,
        opts.options ?? {},
      );
      const hit = ZVisualTimeline.safeParse(await opts.cache.get(fp));
      if (hit.success) {
        args.logger.info({ provider: provider.name }, "video analysis cache hit");
        return markCached(hit.data);
      }
      const timeline: TVisualTimeline = await provider.analyze(args);
      await opts.cache.set({
        fingerprint: fp,
        provider: provider.name,
        operation: "analyze",
        value: timeline,
        ttlSeconds: opts.ttlSeconds,
      });
      return timeline;
    },
  };
}

/**
 * Caches coaching reports by the exact input. Reports written by the fallback are not
 * cached: the next run should try the cloud provider again.
 */
export function withCoachingResponseCache(
  provider: CoachingSynthesisProvider,
  opts: { cache: ResponseCache; ttlSeconds: number; options?: Record<string, unknown> },
): CoachingSynthesisProvider {
  return {
    name: provider.name,
    async generate(args) {
      const fp = fingerprint("coaching", provider.name, args.input, opts.options ?? {});
      const hit = ZCoachingReport.safeParse(await opts.cache.get(fp));
      if (hit.success) {
        args.logger.info({ provider: provider.name }, "coaching cache hit");
        return markCached(hit.data);
      }
      const report: TCoachingReport = await provider.generate(args);
      if (!report.fallbackReason) {
        await opts.cache.set({
          fingerprint: fp,
          provider: provider.name,
          operation: "generate",
          value: report,
          ttlSeconds: opts.ttlSeconds,
        });
      }
      return report;
    },
  };
}

/**
 * A finished analysis of the same content for the same user, if any: the pipeline can
 * copy it instead of calling any provider.
 */
export async function findReusableAnalysis(opts: {
  db: Database;
  userId: string;
  contentHash: string;
  excludeVideoId?: string;
}): Promise<{ videoId: string; analysisId: string } | undefined> {
  let query = opts.db
    .selectFrom("videos")
    .innerJoin("analyses", "analyses.videoId", "videos.id")
    .select(["videos.id as videoId", "analyses.id as analysisId"])
    .where("videos.userId", "=", opts.userId)
    .where("videos.contentHash", "=", opts.contentHash)
    .where("videos.status", "=", "complete");
  if (opts.excludeVideoId) query = query.where("videos.id", "!=", opts.excludeVideoId);
  return query.orderBy("analyses.createdAt", "desc").limit(1).executeTakeFirst();
}
