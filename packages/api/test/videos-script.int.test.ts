import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { deleteAccount } from "@coherence/core";
import { generateMediaFixtures, type MediaFixtures } from "@coherence/core/testing";
import { SCRIPT_MAX_BYTES, SCRIPT_MAX_CHARS, type TScriptAdherence } from "@coherence/shared";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../src/router";
import { startTestApi, type TestApi } from "./helpers";
import { createUser, filesUnder, multipartBody, uploadVideo } from "./video-helpers";

// A presenter's script (issue 14) on every API path: the streamed upload's `script` field,
// set / replace / remove afterwards (re-analysis that reuses vision), results with the
// adherence, and the script as the user's data (gone with the account). A bad script is a
// clear 4xx and nothing is stored: no video, no script, no file, no job.

let api: TestApi;
let fx: MediaFixtures;
let mp4: Buffer;
let user: Awaited<ReturnType<typeof createUser>>;

const SCRIPT = "Four score and seven years ago our fathers brought forth on this continent a new nation.";
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

beforeAll(async () => {
  [api, fx] = await Promise.all([startTestApi(), generateMediaFixtures()]);
  mp4 = await readFile(fx.mp4);
  user = await createUser(api);
});
afterAll(async () => {
  await api?.stop();
});

const db = () => api.testDb.db;
const caller = (userId = user.id) =>
  appRouter.createCaller({
    deps: api.deps,
    logger: api.deps.logger,
    requestId: "t",
    user: { id: userId, role: "user" },
  });

async function count(table: "videos" | "videoScripts"): Promise<number> {
  const row = await db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function jobCount(videoId: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from graphile_worker.jobs where key = ${videoId}`.execute(db());
  return rows[0]?.n ?? 0;
}

/** An analysed video: complete, with an analysis and the probe, visuals and transcript stages cached. */
async function analysedVideo(opts: { contentHash?: string; adherence?: TScriptAdherence } = {}): Promise<string> {
  const video = await db()
    .insertInto("videos")
    .values({
      userId: user.id,
      title: "talk",
      status: "complete",
      stage: "complete",
      progress: 100,
      durationSeconds: 5,
      contentHash: opts.contentHash ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db()
    .insertInto("analyses")
    .values({
      videoId: video.id,
      coherenceScore: 70,
      scoreTier: "Proficient",
      durationSeconds: 5,
      thresholdsVersion: "v1",
      heatmap: JSON.stringify({ binSeconds: 1, bins: [0.1] }),
      report: JSON.stringify({ provider: "rules", summary: "Steady.", strengths: [], improvements: [] }),
      transcript: JSON.stringify({ provider: "fake", language: "en", durationSeconds: 5, text: "four", words: [] }),
      scriptAdherence: opts.adherence ? JSON.stringify(opts.adherence) : null,
    })
    .execute();
  await db()
    .insertInto("analysisArtifacts")
    .values(
      ["probe", "visuals", "transcribe", "audio", "coach"].map((stage) => ({
        videoId: video.id,
        stage,
        provider: "fake",
        data: JSON.stringify({ stage }),
      })),
    )
    .execute();
  return video.id;
}

async function put(id: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${api.url}/api/v1/videos/${id}/script`, {
    method: "PUT",
    headers: { ...user.auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The video upload with a script part of raw bytes (a file part when `filename` is given), sent first. */
async function uploadWithScriptBytes(
  script: Buffer,
  opts: { filename?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { body, contentType } = multipartBody({ data: mp4, filename: "talk.mp4" });
  const boundary = contentType.split("boundary=")[1]!;
  const disposition = `form-data; name="script"${opts.filename ? `; filename="${opts.filename}"` : ""}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${opts.filename ? "Content-Type: text/plain\r\n" : ""}\r\n`,
  );
  const res = await fetch(`${api.url}/api/videos/upload`, {
    method: "POST",
    headers: { ...user.auth, "content-type": contentType },
    body: new Uint8Array(Buffer.concat([head, script, Buffer.from("\r\n"), body])),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const BAD_SCRIPTS: [name: string, text: string, status: number, message: RegExp][] = [
  ["empty", "   \n ", 400, /empty/i],
  // The API's NUL guard answers before the script rules do; either message names the problem.
  ["binary with NUL bytes", "Intro\u0000\u0001\u0002PK\u0003\u0004", 400, /NUL|not plain text/i],
  ["binary control characters", "PK\u0003\u0004\u0014\u0006 deck.pptx", 400, /not plain text/i],
  ["over the character limit", "a".repeat(SCRIPT_MAX_CHARS + 1), 400, /longer than 60,000 characters/],
];

describe("POST /api/videos/upload with a script", () => {
  it("stores the script (trimmed) with the video, and queues the analysis", async () => {
    const res = await uploadVideo(api, user.auth, { data: mp4, fields: { title: "Pitch", script: `\n${SCRIPT}  \n` } });
    expect(res.status).toBe(201);
    const id = (res.body.video as { id: string }).id;
    const stored = await caller().videos.script({ id });
    expect(stored).toMatchObject({ videoId: id, text: SCRIPT, sha256: sha256(SCRIPT) });
    expect(await jobCount(id)).toBe(1);
    const http = await fetch(`${api.url}/api/v1/videos/${id}/script`, { headers: user.auth });
    expect(await http.json()).toMatchObject({ text: SCRIPT });
    await caller().videos.delete({ id });
    expect(await count("videoScripts")).toBe(0);
  });

  it("stores a browser's CRLF line breaks as LF", async () => {
    const res = await uploadVideo(api, user.auth, { data: mp4, fields: { script: "First line.\r\nSecond line." } });
    const id = (res.body.video as { id: string }).id;
    expect((await caller().videos.script({ id })).text).toBe("First line.\nSecond line.");
    await caller().videos.delete({ id });
  });

  it("takes the script as a text file part too", async () => {
    const res = await uploadWithScriptBytes(Buffer.from(SCRIPT), { filename: "talk.txt" });
    expect(res.status).toBe(201);
    const id = (res.body.video as { id: string }).id;
    expect((await caller().videos.script({ id })).text).toBe(SCRIPT);
    await caller().videos.delete({ id });
  });

  const refusals: [name: string, script: string, status: number, code: string, message: RegExp][] = [
    ...BAD_SCRIPTS.map(([name, text, status, message]): [string, string, number, string, RegExp] => [
      name,
      text,
      status,
      "VALIDATION_FAILED",
      message,
    ]),
    ["over the byte limit", "é".repeat(SCRIPT_MAX_BYTES / 2 + 1), 413, "PAYLOAD_TOO_LARGE", /larger than 256 KB/],
  ];
  for (const [name, script, status, code, message] of refusals) {
    it(`refuses a script that is ${name}: ${status} ${code}, and stores nothing`, async () => {
      const before = await count("videos");
      const res = await uploadVideo(api, user.auth, {
        data: mp4,
        fields: { script },
      });
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ error: expect.stringMatching(message), code, retryable: false });
      expect(await count("videos")).toBe(before);
      expect(await count("videoScripts")).toBe(0);
      expect(filesUnder(api.deps.config.STORAGE_DIR as string)).toEqual([]);
    });
  }

  const binaries: [name: string, bytes: () => Buffer, filename?: string][] = [
    ["a field of invalid UTF-8", () => Buffer.from([0xff, 0xfe, 0x41, 0x42, 0x43])],
    ["a binary file part (a video chosen as the script)", () => mp4, "talk.txt"],
  ];
  for (const [name, bytes, filename] of binaries) {
    it(`refuses ${name}: 400 VALIDATION_FAILED "not plain text", and stores nothing`, async () => {
      const before = await count("videos");
      const res = await uploadWithScriptBytes(bytes(), { filename });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: expect.stringMatching(/not plain text/), code: "VALIDATION_FAILED" });
      expect(await count("videos")).toBe(before);
      expect(await count("videoScripts")).toBe(0);
      expect(filesUnder(api.deps.config.STORAGE_DIR as string)).toEqual([]);
    });
  }

  it("reuses an earlier analysis of the same content only when it was made with the same script", async () => {
    const first = await uploadVideo(api, user.auth, { data: mp4 });
    const firstId = (first.body.video as { id: string }).id;
    await db()
      .updateTable("videos")
      .set({ status: "complete", stage: "complete", progress: 100 })
      .where("id", "=", firstId)
      .execute();
    await db()
      .insertInto("analyses")
      .values({ videoId: firstId, coherenceScore: 60, scoreTier: "Developing" })
      .execute();
    const withScript = await uploadVideo(api, user.auth, { data: mp4, fields: { script: SCRIPT } });
    expect(withScript.body).toMatchObject({ reusedAnalysis: false, video: { status: "queued" } });
    const without = await uploadVideo(api, user.auth, { data: mp4 });
    expect(without.body).toMatchObject({ reusedAnalysis: true, video: { status: "complete" } });
    for (const r of [first, withScript, without])
      await caller().videos.delete({ id: (r.body.video as { id: string }).id });
  });
});

describe("videos.setScript (PUT /videos/{id}/script)", () => {
  it("on an analysed video: stores it and queues a re-analysis that keeps the probe and vision stages", async () => {
    const id = await analysedVideo();
    const out = await caller().videos.setScript({ id, text: SCRIPT });
    expect(out).toMatchObject({
      videoId: id,
      text: SCRIPT,
      sha256: sha256(SCRIPT),
      reanalysing: true,
      status: "queued",
    });
    const video = await db().selectFrom("videos").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(video).toMatchObject({ status: "queued", stage: "queued", progress: 0, analysisId: null });
    expect(await jobCount(id)).toBe(1);
    const stages = await db().selectFrom("analysisArtifacts").select("stage").where("videoId", "=", id).execute();
    expect(stages.map((s) => s.stage).sort()).toEqual(["probe", "visuals"]);
  });

  it("replacing it with a new text re-analyses again; the same text changes nothing", async () => {
    const id = await analysedVideo();
    await caller().videos.setScript({ id, text: SCRIPT });
    await db().updateTable("videos").set({ status: "complete", stage: "complete" }).where("id", "=", id).execute();
    const same = await caller().videos.setScript({ id, text: SCRIPT });
    expect(same).toMatchObject({ reanalysing: false, status: "complete" });
    const replaced = await put(id, { text: "A different script entirely." });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ text: "A different script entirely.", reanalysing: true, status: "queued" });
    expect((await caller().videos.script({ id })).sha256).toBe(sha256("A different script entirely."));
  });

  it("refuses a change while the video is being analysed (409), keeping the old script", async () => {
    const id = await analysedVideo();
    await caller().videos.setScript({ id, text: SCRIPT });
    await db().updateTable("videos").set({ status: "processing" }).where("id", "=", id).execute();
    const res = await put(id, { text: "Something else." });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: "CONFLICT", retryable: false });
    expect((await caller().videos.script({ id })).text).toBe(SCRIPT);
  });

  for (const [name, text, status, message] of BAD_SCRIPTS) {
    it(`refuses a script that is ${name} (${status}), storing nothing and queuing nothing`, async () => {
      const id = await analysedVideo();
      const res = await put(id, { text });
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({
        error: expect.stringMatching(message),
        code: "VALIDATION_FAILED",
        retryable: false,
      });
      expect(await db().selectFrom("videoScripts").where("videoId", "=", id).select("videoId").execute()).toEqual([]);
      expect(await jobCount(id)).toBe(0);
      const video = await db().selectFrom("videos").select("status").where("id", "=", id).executeTakeFirstOrThrow();
      expect(video.status).toBe("complete");
    });
  }

  it("answers another user's video as not found", async () => {
    const id = await analysedVideo();
    const other = await createUser(api);
    await expect(caller(other.id).videos.setScript({ id, text: SCRIPT })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await jobCount(id)).toBe(0);
  });
});

describe("videos.deleteScript and videos.script", () => {
  it("removing the script re-analyses without it; a second removal is 404", async () => {
    const id = await analysedVideo();
    await caller().videos.setScript({ id, text: SCRIPT });
    await db().updateTable("videos").set({ status: "complete", stage: "complete" }).where("id", "=", id).execute();
    const res = await fetch(`${api.url}/api/v1/videos/${id}/script`, { method: "DELETE", headers: user.auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ videoId: id, deleted: true, reanalysing: true, status: "queued" });
    await expect(caller().videos.script({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller().videos.deleteScript({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("results with a script", () => {
  const adherence: TScriptAdherence = {
    guidance: "script-language-model",
    words: [
      { text: "Four", charStart: 0, charEnd: 4, status: "said", seconds: 0.5 },
      { text: "score", charStart: 5, charEnd: 10, status: "skipped", seconds: 1 },
    ],
    deliveredShare: 0.5,
    asWrittenShare: 0.5,
    skipped: [{ fromWord: 1, toWord: 2, text: "score", start: 1, end: 1 }],
    added: [],
    moved: [],
  };

  it("returns scriptAdherence when the analysis has one, and nothing when it has none", async () => {
    const withIt = await analysedVideo({ adherence });
    expect((await caller().videos.results({ id: withIt })).scriptAdherence).toEqual(adherence);
    const without = await analysedVideo();
    expect(await caller().videos.results({ id: without })).not.toHaveProperty("scriptAdherence");
  });
});

describe("the script is the user's data", () => {
  it("deleting the account deletes its scripts", async () => {
    const owner = await createUser(api);
    const video = await db()
      .insertInto("videos")
      .values({ userId: owner.id, title: "mine", status: "queued" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await caller(owner.id).videos.setScript({ id: video.id, text: SCRIPT });
    expect(await db().selectFrom("videoScripts").where("videoId", "=", video.id).select("text").execute()).toEqual([
      { text: SCRIPT },
    ]);
    expect(await deleteAccount(db(), { userId: owner.id })).toBe(true);
    expect(await db().selectFrom("videoScripts").where("videoId", "=", video.id).select("text").execute()).toEqual([]);
  });
});
