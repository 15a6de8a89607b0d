import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { createDb, createFsStorage, createVideoRepository, originalVideoKey } from "@coherence/core";
import { waitUntil } from "@coherence/core/testing";
import pg from "pg";
import type { RunEvent } from "./fixtures/runs";
import type { Talk } from "./fixtures/talk";

export const ROOT = resolve(import.meta.dirname, "../..");

export type Proc = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/**
 * Spawns a TypeScript entry point (node --import tsx: one process, so signals and
 * pids are the program's own) in its own process group, capturing its output.
 */
export function spawnTs(entry: string, env: Record<string, string>): Proc {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_PRETTY: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, output: () => out, exited };
}

/** Kills a spawned process group if it still runs. */
export async function killProc(p: Proc | undefined, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (!p?.child.pid || p.child.exitCode !== null || p.child.signalCode !== null) return;
  try {
    process.kill(-p.child.pid, signal);
  } catch {
    // already gone
  }
  await Promise.race([p.exited, new Promise((r) => setTimeout(r, 5000))]);
}

/** Runs one query on a short-lived connection. */
export async function query<R extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Adds a fault_job through graphile-worker's SQL API. */
export async function addFaultJob(url: string, payload: { key: string; ms: number; videoId?: string }): Promise<void> {
  await query(url, "select graphile_worker.add_job('fault_job', $1::json, job_key => $2)", [
    JSON.stringify(payload),
    payload.key,
  ]);
}

/** Events recorded (by fault_job, or by the real tasks' recorder) for one key. */
export async function runsOf(url: string, key: string): Promise<{ pid: number; event: RunEvent; attempt: number }[]> {
  return await query(url, "select pid, event, attempt from fault_runs where job_key = $1 order by at", [key]);
}

/** The pid a fixture prints in its `worker ready <pid>` line (tsx runs the code in a child process). */
export async function readyPid(p: Proc, timeoutMs = 30_000): Promise<number> {
  return await waitUntil(
    () => {
      const m = /worker ready (\d+)/.exec(p.output());
      return m ? Number(m[1]) : undefined;
    },
    { what: "worker ready", timeoutMs, intervalMs: 100 },
  );
}

/**
 * Stores `talk` for a new user and registers it the way an upload does (VideoRepository.register:
 * the video row and its analyze-video job in one transaction). Returns the video id.
 */
export async function seedUploadedTalk(opts: { url: string; storageDir: string; talk: Talk }): Promise<string> {
  const { db } = createDb({ url: opts.url, poolMax: 1, applicationName: "fault-seed" });
  try {
    const user = await db
      .insertInto("users")
      .values({ email: `talk-${randomUUID()}@faults.invalid` })
      .returning("id")
      .executeTakeFirstOrThrow();
    const videoId = randomUUID();
    const storageKey = originalVideoKey(user.id, videoId);
    await createFsStorage({ root: opts.storageDir }).put(storageKey, createReadStream(opts.talk.path), {
      contentType: "video/mp4",
    });
    await createVideoRepository(db).register({
      videoId,
      userId: user.id,
      requestId: `fault-${videoId}`,
      title: "Fault test talk",
      originalFilename: "talk.mp4",
      contentType: "video/mp4",
      sizeBytes: opts.talk.sizeBytes,
      contentHash: opts.talk.sha256,
      durationSeconds: opts.talk.durationSeconds,
      storageKey,
      uploadMode: "stream",
    });
    return videoId;
  } finally {
    await db.destroy();
  }
}

/** A video's status and how many analyses it has. */
export async function videoOutcome(url: string, videoId: string): Promise<{ status: string; analyses: number }> {
  const [row] = await query<{ status: string; analyses: number }>(
    url,
    "select v.status, (select count(*)::int from analyses a where a.video_id = v.id) as analyses from videos v where v.id = $1",
    [videoId],
  );
  if (!row) throw new Error(`video ${videoId} is gone`);
  return row;
}

/** Waits until graphile-worker's queue is empty (it deletes a job just after its handler resolves). */
export async function waitForEmptyQueue(url: string, timeoutMs = 30_000): Promise<void> {
  await waitUntil(
    async () => {
      const [row] = await query<{ n: number }>(url, "select count(*)::int as n from graphile_worker.jobs");
      return row?.n === 0;
    },
    { what: "an empty job queue", timeoutMs, intervalMs: 100 },
  );
}
