import { readFile } from "node:fs/promises";
import { request } from "node:http";
import { generateMediaFixtures, type MediaFixtures, waitUntil } from "@coherence/core/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "./helpers";
import { createUser, filesUnder, multipartBody, uploadVideo } from "./video-helpers";

const LIMIT = 256 * 1024;
let api: TestApi;
let fx: MediaFixtures;
let mp4: Buffer;
let user: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
  [api, fx] = await Promise.all([
    startTestApi({ env: { UPLOAD_MAX_BYTES: String(LIMIT), UPLOAD_IDLE_TIMEOUT_MS: "1000" } }),
    generateMediaFixtures(),
  ]);
  mp4 = await readFile(fx.mp4);
  user = await createUser(api);
});
afterAll(async () => {
  await api?.stop();
});

const storageDir = () => api.deps.config.STORAGE_DIR as string;

async function videoCount(): Promise<number> {
  const row = await api.testDb.db
    .selectFrom("videos")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function jobsFor(videoId: string) {
  const { rows } = await sql<{ taskIdentifier: string; payload: Record<string, unknown>; key: string }>`
    select t.identifier as task_identifier, j.payload, j.key
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where j.key = ${videoId}`.execute(api.testDb.db);
  return rows;
}

/** The refusal contract: a 4xx with the standard body, no row, no stored file (temp files included). */
async function expectRefusedCleanly(
  res: { status: number; body: Record<string, unknown> },
  status: number,
  code: string,
  message?: RegExp,
) {
  expect(res.body.error && res.status).toBe(status);
  expect(res.body).toEqual({ error: expect.any(String), code, retryable: false });
  if (message) expect(res.body.error).toMatch(message);
  expect(await videoCount()).toBe(0);
  expect(filesUnder(storageDir())).toEqual([]);
}

describe("POST /api/videos/upload: a valid video", () => {
  it("stores it, records size and SHA-256, and queues the analysis job in the same transaction", async () => {
    const res = await uploadVideo(api, user.auth, { data: mp4, filename: "My talk.mp4", fields: { title: "Pitch" } });
    expect(res.status).toBe(201);
    const video = (res.body as { video: Record<string, unknown> }).video;
    expect(video).toMatchObject({
      title: "Pitch",
      originalFilename: "My talk.mp4",
      contentType: "video/mp4",
      sizeBytes: mp4.length,
      status: "queued",
      stage: "queued",
      progress: 0,
      error: null,
      reusedAnalysisId: null,
    });
    expect(video.durationSeconds).toBeCloseTo(2, 0);
    const row = await api.testDb.db
      .selectFrom("videos")
      .selectAll()
      .where("id", "=", video.id as string)
      .executeTakeFirstOrThrow();
    const { createHash } = await import("node:crypto");
    expect(row.contentHash).toBe(createHash("sha256").update(mp4).digest("hex"));
    expect(row.storageKey).toBe(`users/${user.id}/videos/${video.id}/original`);
    expect(await readFile(`${storageDir()}/${row.storageKey}`)).toEqual(mp4);
    const jobs = await jobsFor(video.id as string);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.taskIdentifier).toBe("analyze-video");
    expect(jobs[0]?.payload).toMatchObject({ videoId: video.id, userId: user.id, requestId: expect.any(String) });
    // Clean up for the refusal tests below, which expect an empty store.
    const del = await fetch(`${api.url}/api/videos/${video.id}`, { method: "DELETE", headers: user.auth });
    expect(del.status).toBe(200);
    expect(filesUnder(storageDir())).toEqual([]);
  });

  it("answers at /api/v1 too, accepts WebM, and names the video after the file without a title", async () => {
    const webm = await readFile(fx.webm);
    const res = await uploadVideo(
      api,
      user.auth,
      { data: webm, filename: "demo day.webm", contentType: "video/webm" },
      "/api/v1/videos/upload",
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ video: { title: "demo day", contentType: "video/webm" }, reusedAnalysis: false });
    const id = (res.body as { video: { id: string } }).video.id;
    await fetch(`${api.url}/api/videos/${id}`, { method: "DELETE", headers: user.auth });
  });

  it("needs an access token", async () => {
    const res = await uploadVideo(api, {}, { data: mp4 });
    await expectRefusedCleanly(res, 401, "UNAUTHORIZED");
  });
});

describe("POST /api/videos/upload: bad input leaves nothing behind", () => {
  it("zero bytes", async () => {
    await expectRefusedCleanly(
      await uploadVideo(api, user.auth, { data: Buffer.alloc(0) }),
      400,
      "BAD_REQUEST",
      /empty/,
    );
  });

  it("a truncated MP4 (index lost)", async () => {
    const data = await readFile(fx.truncatedMp4);
    await expectRefusedCleanly(await uploadVideo(api, user.auth, { data }), 422, "INVALID_MEDIA", /damaged|incomplete/);
  });

  it("a truncated MP4 (index first, data cut)", async () => {
    const data = await readFile(fx.truncatedFaststartMp4);
    await expectRefusedCleanly(await uploadVideo(api, user.auth, { data }), 422, "INVALID_MEDIA", /incomplete/);
  });

  it("a text file renamed .mp4", async () => {
    const data = await readFile(fx.textAsMp4);
    await expectRefusedCleanly(await uploadVideo(api, user.auth, { data }), 422, "INVALID_MEDIA", /text file/);
  });

  it("an image (sent as a video)", async () => {
    const data = await readFile(fx.png);
    const res = await uploadVideo(api, user.auth, { data, filename: "slide.mp4", contentType: "video/mp4" });
    await expectRefusedCleanly(res, 422, "INVALID_MEDIA", /image/);
  });

  it("audio only", async () => {
    const data = await readFile(fx.audioOnlyMp4);
    await expectRefusedCleanly(await uploadVideo(api, user.auth, { data }), 422, "INVALID_MEDIA", /audio only/);
  });

  it("a video without sound", async () => {
    const data = await readFile(fx.silentMp4);
    await expectRefusedCleanly(await uploadVideo(api, user.auth, { data }), 422, "INVALID_MEDIA", /no sound/);
  });

  it("a video shorter than the minimum duration", async () => {
    const data = await readFile(fx.shortMp4);
    await expectRefusedCleanly(await uploadVideo(api, user.auth, { data }), 422, "INVALID_MEDIA", /shortest/);
  });

  it("accepts a WebM file part whose type carries unquoted codec parameters (video/webm;codecs=vp9,opus)", async () => {
    const data = await readFile(fx.webm);
    const res = await uploadVideo(api, user.auth, {
      data,
      filename: "take.webm",
      contentType: "video/webm;codecs=vp9,opus",
    });
    expect(res.status).toBe(201);
    expect((res.body as { video: { contentType: string } }).video.contentType).toBe("video/webm");
    await api.testDb.db.deleteFrom("videos").execute();
    await api.deps.storage.deletePrefix("users/");
  });

  it("a wrong content type on the file part", async () => {
    const res = await uploadVideo(api, user.auth, { data: mp4, contentType: "image/png" });
    await expectRefusedCleanly(res, 415, "UNSUPPORTED_MEDIA_TYPE", /not a video type/);
  });

  it("a request that is not multipart/form-data", async () => {
    const res = await fetch(`${api.url}/api/videos/upload`, {
      method: "POST",
      headers: { ...user.auth, "content-type": "video/mp4" },
      body: new Uint8Array(mp4),
    });
    const body = (await res.json()) as Record<string, unknown>;
    await expectRefusedCleanly({ status: res.status, body }, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("the file in the wrong field, and a form with no file", async () => {
    const send = async (form: { body: Buffer; contentType: string }) => {
      const res = await fetch(`${api.url}/api/videos/upload`, {
        method: "POST",
        headers: { ...user.auth, "content-type": form.contentType },
        body: new Uint8Array(form.body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const wrongField = await send(multipartBody({ data: mp4, filename: "a.mp4", fieldName: "video" }));
    await expectRefusedCleanly(wrongField, 400, "BAD_REQUEST", /field named "file"/);
    const boundary = "----nofile";
    const noFile = await send({
      body: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHi\r\n--${boundary}--\r\n`,
      ),
      contentType: `multipart/form-data; boundary=${boundary}`,
    });
    await expectRefusedCleanly(noFile, 400, "BAD_REQUEST", /no file/);
  });

  it.each([
    ["path traversal", "../../../etc/passwd.mp4", /path/],
    ["a Windows path", "C:\\Users\\me\\talk.mp4", /path/],
    ["control characters", "talk\u0007\u001b[31m.mp4", /control characters/],
    ["encoded control characters", "x.mp4\"; filename*=UTF-8''talk%07%0D.mp4; x=\"", /control characters/],
    ["a 5 kB name", `${"a".repeat(5000)}.mp4`, /characters long/],
  ])("a hostile file name: %s", async (_label, filename, message) => {
    await expectRefusedCleanly(await uploadVideo(api, user.auth, { data: mp4, filename }), 400, "BAD_REQUEST", message);
  });

  it("a declared Content-Length over the limit is refused before any byte is read", async () => {
    const res = await new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      const req = request(`${api.url}/api/videos/upload`, {
        method: "POST",
        headers: {
          ...user.auth,
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(LIMIT * 100),
        },
      });
      req.on("response", async (r) => {
        const chunks: Buffer[] = [];
        for await (const c of r) chunks.push(c as Buffer);
        resolve({ status: r.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) });
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    await expectRefusedCleanly(res, 413, "PAYLOAD_TOO_LARGE");
  });

  it("a file over the limit sent without a length is refused mid-stream, without reading the rest", async () => {
    const total = LIMIT * 40; // 10 MB
    const { body: head } = multipartBody({ data: Buffer.alloc(0), filename: "big.mp4" });
    const boundaryEnd = head.indexOf("\r\n\r\n") + 4;
    const preamble = head.subarray(0, boundaryEnd);
    const contentType = `multipart/form-data; boundary=${preamble.toString().slice(2, preamble.indexOf("\r\n"))}`;
    let sent = 0;
    const res = await new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
      let answered = false;
      const req = request(`${api.url}/api/videos/upload`, {
        method: "POST",
        headers: { ...user.auth, "content-type": contentType, "transfer-encoding": "chunked" },
      });
      req.on("response", async (r) => {
        answered = true;
        const chunks: Buffer[] = [];
        for await (const c of r) chunks.push(c as Buffer);
        resolve({ status: r.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) });
      });
      req.on("error", (err) => {
        if (!answered) reject(err);
      });
      const mp4Start = mp4.subarray(0, 4096); // a real MP4 header, so sniffing passes
      req.write(preamble);
      req.write(mp4Start);
      sent = mp4Start.length;
      const chunk = Buffer.alloc(64 * 1024, 1);
      const pump = () => {
        while (!answered && sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once("drain", pump);
            return;
          }
        }
        if (!answered) req.end();
      };
      pump();
    });
    expect(res.body).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    await expectRefusedCleanly(res, 413, "PAYLOAD_TOO_LARGE", /limit/);
    expect(sent).toBeLessThan(total / 2);
  });

  it("a client that disconnects half-way", async () => {
    const { body, contentType } = multipartBody({ data: mp4, filename: "talk.mp4" });
    await new Promise<void>((resolve) => {
      const req = request(`${api.url}/api/videos/upload`, {
        method: "POST",
        headers: { ...user.auth, "content-type": contentType, "content-length": String(body.length) },
      });
      req.on("error", () => resolve());
      req.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        setTimeout(() => {
          req.destroy();
          resolve();
        }, 100);
      });
    });
    await waitUntil(async () => (await videoCount()) === 0 && filesUnder(storageDir()).length === 0, {
      what: "the abandoned upload to leave no row and no file",
      timeoutMs: 10_000,
    });
    expect(await videoCount()).toBe(0);
    expect(filesUnder(storageDir())).toEqual([]);
  });

  it("a client that stalls half-way is cut off after the idle timeout", async () => {
    const { body, contentType } = multipartBody({ data: mp4, filename: "talk.mp4" });
    const closed = await new Promise<string>((resolve) => {
      const req = request(`${api.url}/api/videos/upload`, {
        method: "POST",
        headers: { ...user.auth, "content-type": contentType, "content-length": String(body.length) },
      });
      req.on("error", (err) => resolve((err as NodeJS.ErrnoException).code ?? err.message));
      req.on("response", (r) => resolve(`response ${r.statusCode}`));
      req.write(body.subarray(0, Math.floor(body.length / 2))); // and then nothing
    });
    expect(closed).toMatch(/ECONNRESET|socket hang up/);
    await waitUntil(async () => (await videoCount()) === 0 && filesUnder(storageDir()).length === 0, {
      what: "the abandoned upload to leave no row and no file",
      timeoutMs: 10_000,
    });
    expect(await videoCount()).toBe(0);
    expect(filesUnder(storageDir())).toEqual([]);
  });
});
