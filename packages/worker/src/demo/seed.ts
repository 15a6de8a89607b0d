import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createVideoRepository,
  type Database,
  normalizeEmail,
  originalVideoKey,
  registerWithPassword,
  type Storage,
  videoPrefix,
} from "@coherence/core";
import type { TTranscript } from "@coherence/shared";
import { sql } from "kysely";
import { analyzeStoredVideo } from "../pipeline/analyze-stored-video";
import type { ProgressSnapshot } from "../pipeline/progress";
import type { PipelineDeps } from "../pipeline/types";
import { generateTalk } from "./talk";
import { DEMO_TALKS, type DemoTalk } from "./talks";

/** The demo account. A local demo only: the password is printed, so never seed a shared deployment. */
export const DEMO_ACCOUNT = { email: "demo@example.com", password: "coherence demo talks", name: "Demo Presenter" };

/** What seeding reports as it goes. */
export type SeedEvent =
  | { kind: "account"; email: string; created: boolean }
  | { kind: "talk-start"; index: number; total: number; talk: DemoTalk }
  | { kind: "talk-progress"; index: number; total: number; talk: DemoTalk; step: ProgressSnapshot | "generate" }
  | { kind: "talk-done"; index: number; total: number; talk: DemoTalk; score: number; tier: string; flags: number }
  | { kind: "talk-skipped"; index: number; total: number; talk: DemoTalk };

export type SeedResult = {
  userId: string;
  accountCreated: boolean;
  added: { slug: string; videoId: string; score: number; tier: string; flags: number }[];
  skipped: string[];
};

/** The stored file name that marks a video as a given demo talk. */
export const demoFilename = (talk: DemoTalk) => `demo-${talk.slug}.mp4`;

/** The demo account, created (email already verified) when missing. */
async function ensureAccount(db: Database): Promise<{ id: string; created: boolean }> {
  const email = normalizeEmail(DEMO_ACCOUNT.email);
  const existing = await db
    .selectFrom("users")
    .select("id")
    .where(sql<string>`lower(email)`, "=", email)
    .executeTakeFirst();
  if (existing) return { id: existing.id, created: false };
  const user = await registerWithPassword(db, DEMO_ACCOUNT);
  await db.updateTable("users").set({ emailVerifiedAt: new Date() }).where("id", "=", user.id).execute();
  return { id: user.id, created: true };
}

/** A time `days` before `now`, at 10:00 UTC that day, so talks land on plausible office hours. */
function recordedAt(now: Date, days: number): Date {
  const d = new Date(now.getTime() - days * 86_400_000);
  d.setUTCHours(10, 0, 0, 0);
  return d;
}

/**
 * Fills the database with the demo account and the demo talks, each generated
 * (espeak-ng + ffmpeg), stored like an upload, and analysed by the same code
 * as the analyze-video job. Idempotent: an account or a talk that is already
 * there (complete) is left alone; a talk left half-done by an interrupted run
 * is removed and made again.
 *
 * `pipeline(talk transcript)` builds the pipeline for one talk: the caller
 * decides whether speech comes from the script's own words or a recogniser.
 */
export async function seedDemo(opts: {
  db: Database;
  storage: Storage;
  pipeline: (talk: { transcript: TTranscript }) => Promise<PipelineDeps>;
  fps: number;
  talks?: DemoTalk[];
  now?: Date;
  signal?: AbortSignal;
  onEvent?: (e: SeedEvent) => void;
}): Promise<SeedResult> {
  const talks = opts.talks ?? DEMO_TALKS;
  const now = opts.now ?? new Date();
  const signal = opts.signal ?? new AbortController().signal;
  const emit = (e: SeedEvent) => opts.onEvent?.(e);
  const account = await ensureAccount(opts.db);
  emit({ kind: "account", email: DEMO_ACCOUNT.email, created: account.created });
  const result: SeedResult = { userId: account.id, accountCreated: account.created, added: [], skipped: [] };

  const dir = await mkdtemp(join(tmpdir(), "coherence-demo-"));
  try {
    for (const [i, talk] of talks.entries()) {
      const at = { index: i + 1, total: talks.length, talk };
      const existing = await opts.db
        .selectFrom("videos")
        .select(["id", "status"])
        .where("userId", "=", account.id)
        .where("originalFilename", "=", demoFilename(talk))
        .execute();
      if (existing.some((v) => v.status === "complete")) {
        emit({ kind: "talk-skipped", ...at });
        result.skipped.push(talk.slug);
        continue;
      }
      for (const v of existing) await removeVideo(opts, account.id, v.id);

      emit({ kind: "talk-start", ...at });
      emit({ kind: "talk-progress", ...at, step: "generate" });
      const media = await generateTalk({
        dir,
        name: talk.slug,
        script: talk.script,
        faces: talk.faces,
        // The demo presenter looks into the camera, so the habits built into each talk are what stands out.
        presenter: "frontal",
        width: 640,
        height: 360,
        signal,
      });
      const videoId = randomUUID();
      const storageKey = originalVideoKey(account.id, videoId);
      await opts.storage.put(storageKey, createReadStream(media.path), { contentType: "video/mp4", signal });
      await createVideoRepository(opts.db).createQueued({
        videoId,
        userId: account.id,
        title: talk.title,
        originalFilename: demoFilename(talk),
        contentType: "video/mp4",
        sizeBytes: (await stat(media.path)).size,
        contentHash: createHash("sha256")
          .update(await readFile(media.path))
          .digest("hex"),
        durationSeconds: media.durationSeconds,
        storageKey,
        createdAt: recordedAt(now, talk.ageDays),
      });
      const { result: analysis } = await analyzeStoredVideo({
        db: opts.db,
        storage: opts.storage,
        videoId,
        storageKey,
        deps: await opts.pipeline({ transcript: media.transcript }),
        fps: opts.fps,
        signal,
        onProgress: (step) => emit({ kind: "talk-progress", ...at, step }),
      });
      const done = { score: analysis.coherenceScore, tier: analysis.scoreTier, flags: analysis.flags.length };
      emit({ kind: "talk-done", ...at, ...done });
      result.added.push({ slug: talk.slug, videoId, ...done });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}

/** Removes a half-made demo video and its stored file. */
async function removeVideo(opts: { db: Database; storage: Storage }, userId: string, videoId: string): Promise<void> {
  await createVideoRepository(opts.db).deleteRow(videoId);
  await opts.storage.deletePrefix(videoPrefix(userId, videoId));
}
