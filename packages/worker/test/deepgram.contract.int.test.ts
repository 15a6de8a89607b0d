import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@coherence/core/testing";
import { ZTranscript } from "@coherence/shared";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AIServiceError, ProviderConfigError } from "../src/providers/errors";
import { createDeepgramSpeechProvider } from "../src/providers/speech/deepgram";
import { DEEPGRAM_LISTEN, startFakeDeepgram } from "./fakes/deepgram";
import type { FakeHttpServer } from "./fakes/fake-server";

const logger = createLogger({ level: "silent" });
let fake: FakeHttpServer;
let dir: string;
let audioPath: string;

beforeAll(async () => {
  fake = await startFakeDeepgram();
  dir = mkdtempSync(join(tmpdir(), "deepgram-"));
  audioPath = join(dir, "audio.wav");
  writeFileSync(audioPath, Buffer.alloc(3200, 1));
});
afterAll(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  fake.requests.length = 0;
});

function provider(apiKey = "good-key", timeoutMs = 2_000) {
  return createDeepgramSpeechProvider({
    apiKey,
    options: { model: "nova-3", language: "en" },
    call: { baseUrl: fake.url, timeoutMs, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 } },
  });
}
const run = (p = provider(), signal = new AbortController().signal) =>
  p.transcribe({ audioPath, durationSeconds: 2.5, signal, logger });

describe("Deepgram contract", () => {
  it("sends nova-3 with filler words, smart format, utterances and sentiment, and maps words and sentiment", async () => {
    const transcript = await run();
    expect(ZTranscript.parse(transcript)).toEqual(transcript);
    const req = fake.requests[0]!;
    expect(req.query.get("model")).toBe("nova-3");
    for (const flag of ["filler_words", "smart_format", "utterances", "sentiment"])
      expect(req.query.get(flag)).toBe("true");
    expect(req.headers.authorization).toBe("Token good-key");
    expect(req.body.length).toBe(3200);
    expect(transcript.provider).toBe("deepgram");
    expect(transcript.words.map((w) => w.word)).toEqual(["um", "so", "today", "we", "launch"]);
    expect(transcript.words[0]).toMatchObject({ display: "Um,", start: 0.2, end: 0.5, confidence: 0.91 });
    expect(transcript.sentiment).toEqual([
      { start: 0.2, end: 0.8, text: "Um, so", score: 0.05 },
      { start: 0.8, end: 1.9, text: "today we launch.", score: 0.62 },
    ]);
  });

  it("sends the script's key terms as keyterm on Nova-3 and records the guidance", async () => {
    const transcript = await provider().transcribe({
      audioPath,
      durationSeconds: 2.5,
      signal: new AbortController().signal,
      logger,
      script: "Today we launch Coherence with Ada Lovelace. Our NPS rose to 72.",
    });
    const req = fake.requests[0]!;
    expect(req.query.getAll("keyterm")).toEqual(["Coherence", "Ada Lovelace", "NPS", "72"]);
    expect(req.query.has("keywords")).toBe(false);
    expect(transcript.guidance).toBe("key-terms");
  });

  it("sends single-word keywords to an older model", async () => {
    const older = createDeepgramSpeechProvider({
      apiKey: "good-key",
      options: { model: "nova-2", language: "en" },
      call: { baseUrl: fake.url, timeoutMs: 2_000, retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 50 } },
    });
    await older.transcribe({
      audioPath,
      durationSeconds: 2.5,
      signal: new AbortController().signal,
      logger,
      script: "We thank Ada Lovelace.",
    });
    const req = fake.requests[0]!;
    expect(req.query.getAll("keywords")).toEqual(["Ada", "Lovelace"]);
    expect(req.query.has("keyterm")).toBe(false);
  });

  it("retries a 429 after the Retry-After delay, then succeeds", async () => {
    fake.queue("POST", DEEPGRAM_LISTEN, {
      status: 429,
      json: { err_msg: "slow down" },
      headers: { "retry-after": "0.2" },
    });
    const started = Date.now();
    const transcript = await run();
    expect(transcript.words).toHaveLength(5);
    expect(fake.countOf("POST", DEEPGRAM_LISTEN)).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("gives a retryable AIServiceError after repeated 500s", async () => {
    fake.queue(
      "POST",
      DEEPGRAM_LISTEN,
      { status: 500, json: {} },
      { status: 500, json: {} },
      { status: 500, json: {} },
    );
    const error = await run().catch((e) => e);
    expect(error).toBeInstanceOf(AIServiceError);
    expect(error).toMatchObject({ kind: "server", httpStatus: 500, retryable: true, code: "AI_SERVICE_ERROR" });
    expect(fake.countOf("POST", DEEPGRAM_LISTEN)).toBe(3);
  });

  it("times out a hanging request and says so", async () => {
    fake.queue("POST", DEEPGRAM_LISTEN, { hang: true }, { hang: true }, { hang: true });
    const error = await run(provider("good-key", 150)).catch((e) => e);
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
  });

  it("reports malformed JSON as a malformed response", async () => {
    fake.queue("POST", DEEPGRAM_LISTEN, { status: 200, text: "{not json" });
    const error = await run().catch((e) => e);
    expect(error).toMatchObject({ kind: "malformed_response", retryable: true });
  });

  it("reports a body that is JSON but not the documented shape as malformed", async () => {
    fake.queue("POST", DEEPGRAM_LISTEN, { status: 200, json: { results: {} } });
    expect(await run().catch((e) => e)).toMatchObject({ kind: "malformed_response" });
  });

  it("a bad key is a non-retryable configuration error; a missing key fails at construction", async () => {
    const error = await run(provider("bad-key")).catch((e) => e);
    expect(error).toMatchObject({ kind: "configuration", retryable: false, httpStatus: 401 });
    expect(fake.countOf("POST", DEEPGRAM_LISTEN)).toBe(1);
    expect(() => provider("")).toThrow(ProviderConfigError);
    expect(() => provider("")).toThrow(/DEEPGRAM_API_KEY/);
  });

  it("stops at once when the caller aborts", async () => {
    fake.queue("POST", DEEPGRAM_LISTEN, { hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await run(provider("good-key", 5_000), controller.signal).catch((e) => e);
    expect(error).toMatchObject({ kind: "aborted", retryable: false });
  });
});
