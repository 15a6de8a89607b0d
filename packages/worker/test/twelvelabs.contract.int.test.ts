import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, createTestDatabase, type TestDatabase } from "@coherence/core/testing";
import { ZVisualTimeline } from "@coherence/shared";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AIServiceError } from "../src/providers/errors";
import { usageOf } from "../src/providers/usage";
import { createTwelveLabsVideoProvider, PEGASUS_DELIVERY_SCHEMA } from "../src/providers/vision/twelvelabs";
import { SAMPLE_FPS, SAMPLE_SOURCE } from "../src/providers/vision/twelvelabs-samples";
import { createDbTwelveLabsStore } from "../src/providers/vision/twelvelabs-store";
import type { FakeHttpServer } from "./fakes/fake-server";
import { deliveryAnswer, pegasusAnswer, startFakeTwelveLabs, TL } from "./fakes/twelvelabs";

const logger = createLogger({ level: "silent" });
let testDb: TestDatabase;
let dir: string;
let videoPath: string;
let fake: FakeHttpServer & { pollCount: () => number };
let n = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), "twelvelabs-"));
});
afterAll(async () => {
  await testDb.destroy();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await fake?.stop();
  fake = await startFakeTwelveLabs();
  // A distinct file per test, so the content-hash memo does not skip the upload.
  videoPath = join(dir, `talk-${++n}.mp4`);
  writeFileSync(videoPath, Buffer.alloc(4096, n));
});
afterAll(async () => fake?.stop());

function provider(
  o: { apiKey?: string; timeoutMs?: number; indexingTimeoutMs?: number; server?: FakeHttpServer } = {},
) {
  return createTwelveLabsVideoProvider({
    apiKey: o.apiKey ?? "good-key",
    call: {
      baseUrl: (o.server ?? fake).url,
      timeoutMs: o.timeoutMs ?? 2_000,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    },
    settings: {
      indexName: "coherence-test",
      indexingTimeoutMs: o.indexingTimeoutMs ?? 5_000,
      pollInitialDelayMs: 10,
      pollMaxDelayMs: 40,
      analyzeMaxTokens: 2048,
    },
    store: createDbTwelveLabsStore(testDb.db),
  });
}
const run = (p = provider(), durationSeconds = 60) =>
  p.analyze({ videoPath, durationSeconds, fps: 2, signal: new AbortController().signal, logger });

describe("TwelveLabs contract", () => {
  it("indexes, searches the query set and asks Pegasus; observations carry rank-derived confidence", async () => {
    const timeline = await run();
    expect(ZVisualTimeline.parse(timeline)).toEqual(timeline);
    expect(timeline.provider).toBe("twelvelabs");
    // The delivery description became coarse samples over the whole 60 s, marked as such.
    expect(timeline.fps).toBe(SAMPLE_FPS);
    expect(timeline.frames).toHaveLength(60 * SAMPLE_FPS);
    expect(timeline.motion).toHaveLength(60 * SAMPLE_FPS);
    expect(timeline.frames.every((f) => f.source === SAMPLE_SOURCE)).toBe(true);
    expect(timeline.frames.find((f) => f.t === 2)?.gaze).toMatchObject({ onCamera: false, pitch: -30 });
    expect(timeline.frames.find((f) => f.t === 5)?.gestures).toHaveLength(1);
    expect(timeline.estimate).toEqual({
      source: SAMPLE_SOURCE,
      metrics: expect.arrayContaining(["eyeContactShare", "emotionDistribution", "fidgetingShare"]),
      warnings: [],
    });
    expect(timeline.estimate?.metrics).toHaveLength(6);
    const queries = await testDb.db.selectFrom("twelvelabsQueries").selectAll().where("enabled", "=", true).execute();
    expect(fake.countOf("POST", TL.search)).toBe(queries.length);
    const search = timeline.observations.filter((o) => o.description.startsWith("TwelveLabs search"));
    // Two hits of this video per query; the other video's clip is dropped.
    expect(search).toHaveLength(queries.length * 2);
    expect(search.every((o) => o.start !== 1)).toBe(true);
    const fidget = search.filter((o) => o.description.includes("nervous fidgeting near podium"));
    expect(fidget.map((o) => o.confidence)).toEqual([0.85, 0.35]);
    expect(timeline.observations).toContainEqual(
      expect.objectContaining({
        type: "GAZE_AVOIDANCE",
        start: 10,
        end: 14,
        confidence: 0.7,
        description: expect.stringMatching(/^Pegasus:/),
      }),
    );
    // The index has both models; Pegasus 1.2 is asked about the indexed video (the fake
    // answers 400 to any other body shape, so reaching here proves the wire shape).
    const indexBody = JSON.parse(fake.requests.find((r) => TL.indexes.test(r.path))!.body.toString());
    expect(indexBody.models.map((m: { model_name: string }) => m.model_name)).toEqual(["marengo3.0", "pegasus1.2"]);
    const analyzeBody = JSON.parse(fake.requests.find((r) => TL.analyze.test(r.path))!.body.toString());
    expect(analyzeBody).toMatchObject({
      model_name: "pegasus1.2",
      video_id: "video-of-asset-1",
      response_format: { type: "json_schema", json_schema: PEGASUS_DELIVERY_SCHEMA },
      max_tokens: 2048,
    });
    expect(analyzeBody).not.toHaveProperty("video");
    expect(usageOf(timeline)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ operation: "index", unitKind: "video_minute", units: 1 }),
        expect.objectContaining({ operation: "analyze", unitKind: "output_token", units: 180 }),
      ]),
    );
  });

  it("creates the index once and reuses its stored id; a file already indexed is not uploaded again", async () => {
    await run();
    await run();
    expect(fake.countOf("POST", TL.indexes)).toBe(1);
    expect(fake.countOf("POST", TL.assets)).toBe(1);
    expect(fake.countOf("POST", TL.search)).toBeGreaterThan(1);
    const key = `twelvelabs.index:${fake.url}:coherence-test:pegasus1.2`;
    const stored = await testDb.db
      .selectFrom("providerSettings")
      .select("value")
      .where("key", "=", key)
      .executeTakeFirst();
    expect(stored?.value).toBe("index-1");
  });

  it("replaces a stored Marengo-only index from older code with a Marengo + Pegasus 1.2 index", async () => {
    const legacyFake = await startFakeTwelveLabs({
      existingIndexes: [{ id: "legacy-index", name: "coherence-test", models: ["marengo3.0"] }],
    });
    try {
      await testDb.db
        .insertInto("providerSettings")
        .values({
          key: `twelvelabs.index:${legacyFake.url}:coherence-test`,
          value: sql<never>`'"legacy-index"'::jsonb`,
        })
        .execute();
      const timeline = await run(provider({ server: legacyFake }));
      expect(timeline.observations.some((o) => o.description.startsWith("Pegasus:"))).toBe(true);
      expect(legacyFake.countOf("GET", TL.index)).toBe(1);
      const created = legacyFake.requests.filter((r) => r.method === "POST" && TL.indexes.test(r.path));
      expect(created.map((r) => JSON.parse(r.body.toString()).index_name)).toEqual(["coherence-test-pegasus1.2"]);
      // The video went into the new index, the one Pegasus can analyse.
      expect(legacyFake.requests.some((r) => r.path === "/indexes/index-1/indexed-assets")).toBe(true);
      const stored = await testDb.db
        .selectFrom("providerSettings")
        .select("value")
        .where("key", "=", `twelvelabs.index:${legacyFake.url}:coherence-test:pegasus1.2`)
        .executeTakeFirst();
      expect(stored?.value).toBe("index-1");
    } finally {
      await legacyFake.stop();
    }
  });

  it("the fake API refuses an analyze body that is not the Pegasus 1.2 shape, and so would the provider's", async () => {
    await run();
    const good = JSON.parse(fake.requests.find((r) => TL.analyze.test(r.path))!.body.toString());
    const post = (body: unknown) =>
      fetch(`${fake.url}/analyze`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": "good-key" },
        body: JSON.stringify(body),
      });
    expect((await post(good)).status).toBe(200);
    const { video_id: _, ...withoutVideoId } = good;
    const wrong = [
      // What the provider sent with twelvelabs-js 1.3.4: an asset, no model name.
      { ...withoutVideoId, model_name: undefined, video: { type: "asset_id", asset_id: "asset-1" } },
      { ...good, model_name: "pegasus1.5" },
      { ...good, max_tokens: 5000 },
      { ...good, max_tokens: 1 },
      { ...good, response_format: { type: "json_object" } },
      { ...good, responseFormat: good.response_format, response_format: undefined },
      { ...good, video_id: "not-indexed" },
    ];
    for (const body of wrong) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: "parameter_invalid" });
    }
  });

  it("a 400 from analyze is a non-retryable bad request", async () => {
    fake.queue("POST", TL.analyze, { status: 400, json: { code: "parameter_invalid", message: "video_id" } });
    const error = await run().catch((e) => e);
    expect(error).toMatchObject({ kind: "bad_request", retryable: false, operation: "analyze", httpStatus: 400 });
    expect(fake.countOf("POST", TL.analyze)).toBe(1);
  });

  it("retries a 429 on search honouring Retry-After", async () => {
    fake.queue("POST", TL.search, {
      status: 429,
      json: { code: "too_many_requests" },
      headers: { "retry-after": "0.2" },
    });
    const started = Date.now();
    await run();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("a persistent 500 gives a retryable AIServiceError", async () => {
    fake.queue("POST", TL.analyze, ...Array.from({ length: 3 }, () => ({ status: 500, json: { message: "boom" } })));
    const error = await run().catch((e) => e);
    expect(error).toBeInstanceOf(AIServiceError);
    expect(error).toMatchObject({ kind: "server", httpStatus: 500, retryable: true, operation: "analyze" });
  });

  it("a hanging request times out", async () => {
    fake.queue("POST", TL.analyze, { hang: true }, { hang: true }, { hang: true });
    await expect(run(provider({ timeoutMs: 150 }))).rejects.toMatchObject({ kind: "timeout", retryable: true });
  });

  it("malformed JSON from the API, and Pegasus text that is not the schema, are malformed responses", async () => {
    fake.queue("POST", TL.search, { status: 200, text: "{oops" });
    await expect(run()).rejects.toMatchObject({ kind: "malformed_response", operation: "search" });
    fake.queue("POST", TL.analyze, { status: 200, json: { id: "g", data: '{"overall": 3}', finish_reason: "stop" } });
    await expect(run()).rejects.toMatchObject({ kind: "malformed_response", operation: "analyze" });
  });

  it("a delivery description with a missing or malformed field keeps the rest and warns; none at all gives no samples", async () => {
    const answer = (delivery: unknown) => ({
      status: 200,
      json: {
        id: "g",
        data: JSON.stringify({ ...pegasusAnswer(), delivery }),
        finish_reason: "stop",
        usage: { input_tokens: 10, output_tokens: 10 },
      },
    });
    const { cameraDistance: _, ...withoutDistance } = deliveryAnswer();
    fake.queue("POST", TL.analyze, answer({ ...withoutDistance, fidgetingShare: 2 }));
    const partial = await run();
    expect(partial.frames).toEqual([]);
    expect(partial.motion.length).toBeGreaterThan(0);
    expect(partial.estimate?.metrics).toEqual(["fidgetingShare"]);
    expect(partial.estimate?.warnings).toEqual([
      expect.stringMatching(/^delivery\.fidgetingShare: malformed/),
      "delivery.cameraDistance: missing",
      expect.stringMatching(/^no frames/),
    ]);
    // The dissonance moments are unaffected.
    expect(partial.observations.some((o) => o.description.startsWith("Pegasus:"))).toBe(true);

    fake.queue("POST", TL.analyze, answer(undefined));
    const none = await run();
    expect(none).toMatchObject({ frames: [], motion: [], estimate: { metrics: [] } });
    expect(none.estimate?.warnings[0]).toBe("delivery: missing from the answer");
    expect(ZVisualTimeline.parse(none)).toEqual(none);
  });

  it("an indexing task that fails is a non-retryable task failure", async () => {
    const failing = await startFakeTwelveLabs({ indexingStatuses: ["pending", "failed"] });
    try {
      const error = await run(provider({ server: failing })).catch((e) => e);
      expect(error).toMatchObject({ kind: "task_failed", retryable: false, operation: "index" });
      expect(failing.countOf("POST", TL.analyze)).toBe(0);
    } finally {
      await failing.stop();
    }
  });

  it("indexing that never finishes hits the overall timeout", async () => {
    const slow = await startFakeTwelveLabs({ indexingStatuses: ["indexing"] });
    try {
      await expect(run(provider({ server: slow, indexingTimeoutMs: 200 }))).rejects.toMatchObject({
        kind: "timeout",
        operation: "indexing",
      });
      expect(slow.pollCount()).toBeGreaterThan(1);
    } finally {
      await slow.stop();
    }
  });

  it("a bad key is a configuration error; videos outside 4 s–1 h are refused before any call", async () => {
    await expect(run(provider({ apiKey: "bad-key" }))).rejects.toMatchObject({
      kind: "configuration",
      retryable: false,
    });
    await expect(run(provider(), 3)).rejects.toMatchObject({ kind: "bad_request" });
  });

  it("stops polling at once when the caller aborts", async () => {
    const slow = await startFakeTwelveLabs({ indexingStatuses: ["indexing"] });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      await expect(
        provider({ server: slow }).analyze({
          videoPath,
          durationSeconds: 60,
          fps: 2,
          signal: controller.signal,
          logger,
        }),
      ).rejects.toMatchObject({ kind: "aborted", retryable: false });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await slow.stop();
    }
  });

  it("the Pegasus schema avoids the keywords Pegasus rejects", () => {
    const text = JSON.stringify(PEGASUS_DELIVERY_SCHEMA);
    for (const banned of ["minLength", "maxLength", "additionalProperties", "maxItems", "uniqueItems"]) {
      expect(text).not.toContain(banned);
    }
  });
});
