import { createLogger } from "@coherence/core/testing";
import { type TCoachingReport, ZCoachingReport } from "@coherence/shared";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGeminiCoachingProvider } from "../src/providers/coaching/gemini";
import { ProviderConfigError } from "../src/providers/errors";
import { usageOf } from "../src/providers/usage";
import { coachingInput as input, stubRuleBased as ruleBased } from "./fakes/coaching-input";
import type { FakeHttpServer } from "./fakes/fake-server";
import { GEMINI_GENERATE, geminiBody, geminiReport, startFakeGemini } from "./fakes/gemini";

const logger = createLogger({ level: "silent" });
let fake: FakeHttpServer;
beforeAll(async () => {
  fake = await startFakeGemini();
});
afterAll(async () => fake.stop());
afterEach(() => {
  fake.requests.length = 0;
});

function provider(apiKey = "good-key", timeoutMs = 2_000) {
  return createGeminiCoachingProvider({
    apiKey,
    model: "gemini-2.5-flash",
    fallback: ruleBased,
    call: { baseUrl: fake.url, timeoutMs, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 } },
  });
}
const run = (p = provider(), signal = new AbortController().signal): Promise<TCoachingReport> =>
  p.generate({ input, signal, logger });

describe("Gemini contract", () => {
  it("asks for JSON with a responseSchema and returns the validated report with token usage", async () => {
    const report = await run();
    expect(ZCoachingReport.parse(report)).toEqual(report);
    expect(report).toMatchObject({ provider: "gemini", ...geminiReport() });
    expect(report.fallbackReason).toBeUndefined();
    const body = JSON.parse(fake.requests[0]!.body.toString());
    expect(body.generationConfig.responseMimeType).toBe("application/json");
    expect(body.generationConfig.responseSchema.required).toEqual(["summary", "strengths", "improvements"]);
    expect(JSON.stringify(body.contents)).toContain("GAZE_AVOIDANCE");
    expect(usageOf(report)).toEqual([
      expect.objectContaining({ unitKind: "input_token", units: 812 }),
      expect.objectContaining({ unitKind: "output_token", units: 240 }),
    ]);
  });

  it("retries a 429 honouring Retry-After, then succeeds", async () => {
    fake.queue("POST", GEMINI_GENERATE, {
      status: 429,
      json: { error: { code: 429 } },
      headers: { "retry-after": "0.2" },
    });
    const started = Date.now();
    const report = await run();
    expect(report.provider).toBe("gemini");
    expect(fake.countOf("POST", GEMINI_GENERATE)).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("falls back to the rule-based report after repeated 500s and says why", async () => {
    fake.queue(
      "POST",
      GEMINI_GENERATE,
      ...Array.from({ length: 3 }, () => ({ status: 500, json: { error: { code: 500 } } })),
    );
    const report = await run();
    expect(report.provider).toBe("rule-based");
    expect(report.fallbackReason).toMatch(/Gemini failed \(server 500\).*rule-based/);
    expect(fake.countOf("POST", GEMINI_GENERATE)).toBe(3);
  });

  it("falls back when Gemini does not answer in time", async () => {
    fake.queue("POST", GEMINI_GENERATE, { hang: true }, { hang: true }, { hang: true });
    const report = await run(provider("good-key", 150));
    expect(report.provider).toBe("rule-based");
    expect(report.fallbackReason).toMatch(/timeout/);
  });

  it("asks again when the JSON is malformed, and uses the second answer", async () => {
    fake.queue("POST", GEMINI_GENERATE, { status: 200, json: geminiBody('{"summary": "cut off') });
    const report = await run();
    expect(report.provider).toBe("gemini");
    expect(fake.countOf("POST", GEMINI_GENERATE)).toBe(2);
    expect(usageOf(report)?.filter((u) => u.unitKind === "input_token")).toHaveLength(2);
  });

  it("falls back after answers that fail the schema or cite evidence it was not given", async () => {
    const invented = { ...geminiReport(), improvements: [{ ...geminiReport().improvements[0], basis: ["charisma"] }] };
    fake.queue(
      "POST",
      GEMINI_GENERATE,
      { status: 200, json: geminiBody(JSON.stringify({ summary: "no lists" })) },
      { status: 200, json: geminiBody(JSON.stringify(invented)) },
    );
    const report = await run();
    expect(report.provider).toBe("rule-based");
    expect(report.fallbackReason).toMatch(/not grounded.*charisma.*after 2 attempts/);
  });

  it("a body that is not JSON at all falls back", async () => {
    fake.queue("POST", GEMINI_GENERATE, { status: 200, text: "<html>oops" }, { status: 200, text: "<html>oops" });
    const report = await run();
    expect(report.provider).toBe("rule-based");
    expect(report.fallbackReason).toMatch(/not valid JSON after 2 attempts/);
    expect(fake.countOf("POST", GEMINI_GENERATE)).toBe(2);
  });

  it("a rejected key is reported as a configuration problem; a missing key fails at construction", async () => {
    const report = await run(provider("bad-key"));
    expect(report.fallbackReason).toMatch(/GEMINI_API_KEY/);
    expect(fake.countOf("POST", GEMINI_GENERATE)).toBe(1);
    expect(() => provider(" ")).toThrow(ProviderConfigError);
  });

  it("an abort is not papered over by the fallback", async () => {
    fake.queue("POST", GEMINI_GENERATE, { hang: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(run(provider("good-key", 5_000), controller.signal)).rejects.toMatchObject({ kind: "aborted" });
  });
});
