import type { Logger } from "@coherence/core";
import { type TCoachingReport, ZCoachingItem } from "@coherence/shared";
import { type GenerateContentResponse, GoogleGenAI, Type } from "@google/genai";
import { z } from "zod";
import type { CloudCallOptions } from "../cloud-options";
import { ProviderConfigError, parseRetryAfter, toAIServiceError } from "../errors";
import { withRetries, withTimeout } from "../http-retry";
import type { CoachingInput, CoachingSynthesisProvider } from "../types";
import { attachUsage, type UsageItem } from "../usage";

const PROVIDER = "gemini";

/** What the model must return; provider and fallbackReason are ours to set. */
const ZGeminiReport = z.object({
  summary: z.string().min(1),
  strengths: z.array(ZCoachingItem),
  improvements: z.array(ZCoachingItem).max(3),
});
type GeminiReport = z.infer<typeof ZGeminiReport>;

const ITEM_SCHEMA = {
  type: Type.OBJECT,
  properties: {
    title: { type: Type.STRING },
    detail: { type: Type.STRING },
    timestamps: { type: Type.ARRAY, items: { type: Type.NUMBER } },
    drill: { type: Type.STRING },
    basis: { type: Type.ARRAY, items: { type: Type.STRING }, minItems: "1" },
  },
  required: ["title", "detail", "timestamps", "basis"],
  propertyOrdering: ["title", "detail", "timestamps", "drill", "basis"],
};

/** The responseSchema sent to Gemini (OpenAPI subset). Exported for tests. */
export const GEMINI_RESPONSE_SCHEMA = {
  type: Type.OBJECT,
  properties: {
    summary: { type: Type.STRING },
    strengths: { type: Type.ARRAY, items: ITEM_SCHEMA },
    improvements: { type: Type.ARRAY, items: ITEM_SCHEMA, maxItems: "3" },
  },
  required: ["summary", "strengths", "improvements"],
  propertyOrdering: ["summary", "strengths", "improvements"],
};

/**
 * What the analysis could not judge, as instructions: the model must not coach what was not seen or
 * heard, must soften verbal advice over an unreliable transcript, and must not name a withheld tier.
 */
function judgementLines(input: CoachingInput): string[] {
  const j = input.judgement;
  if (!j) return [];
  const lines = j.couldNotJudge.length
    ? [`Could not be judged: ${j.couldNotJudge.join(" ")} Say so plainly and give no advice about it.`]
    : [];
  if (!j.transcriptReliable)
    lines.push(
      "The words were not heard reliably: treat verbal metrics as estimates, soften verbal advice, quote no words.",
    );
  if (j.tierWithheld) lines.push("Nothing was judged: do not name a tier or praise the score.");
  return lines;
}

/** The prompt: everything the model may say must trace back to these metrics and flags. */
export function buildCoachingPrompt(input: CoachingInput): string {
  const tier = input.judgement?.tierWithheld ? "no tier" : input.tier;
  return [
    "You are a presentation coach. Write a short, specific coaching report for the presenter.",
    "Use ONLY the metrics, flags and transcript excerpt below. Every item's `basis` must list the metric names",
    "or flag types it relies on, and `timestamps` (seconds) must point at moments listed in the flags.",
    "Give at most 3 improvements, most important first, each with a concrete drill.",
    "",
    `Duration: ${input.durationSeconds.toFixed(1)} s. Coherence score: ${input.score} (${tier}).`,
    ...judgementLines(input),
    "Metrics (JSON):",
    JSON.stringify(
      input.metrics.map((m) => ({ name: m.name, value: m.value, unit: m.unit, band: m.band, rating: m.rating })),
    ),
    "Flags (JSON):",
    JSON.stringify(
      input.flags.map((f) => ({
        type: f.type,
        start: f.start,
        end: f.end,
        severity: f.severity,
        quote: f.evidence.quote,
        observation: f.evidence.observation,
      })),
    ),
    "Transcript excerpt:",
    input.transcriptExcerpt.slice(0, 4_000),
  ].join("\n");
}

/**
 * Checks that the report only cites what it was given: each basis entry is a metric
 * name or flag type from the input, and timestamps fall inside the talk. A report
 * that invents evidence counts as malformed.
 */
export function checkGrounded(report: GeminiReport, input: CoachingInput): string | undefined {
  const known = new Set([...input.metrics.map((m) => m.name), ...input.flags.map((f) => f.type)]);
  for (const item of [...report.strengths, ...report.improvements]) {
    const unknown = item.basis.filter((b) => !known.has(b));
    if (unknown.length > 0) return `item "${item.title}" cites unknown basis ${unknown.join(", ")}`;
    const outside = item.timestamps.filter((t) => t < 0 || t > input.durationSeconds + 1);
    if (outside.length > 0) return `item "${item.title}" points outside the talk at ${outside.join(", ")} s`;
  }
  return undefined;
}

/**
 * Gemini coaching synthesis with structured output. HTTP failures are retried with
 * backoff; a response that is not valid JSON, fails the zod schema or cites evidence
 * it was not given is asked for again (`malformedAttempts` in all), and when Gemini
 * still cannot deliver, the injected rule-based `fallback` writes the report, with
 * `fallbackReason` saying why.
 */
export function createGeminiCoachingProvider(opts: {
  apiKey: string | undefined;
  model: string;
  call: CloudCallOptions;
  fallback: CoachingSynthesisProvider;
  /** Requests in all when the answer is malformed (default 2). */
  malformedAttempts?: number;
}): CoachingSynthesisProvider {
  if (!opts.apiKey?.trim()) throw new ProviderConfigError("GEMINI_API_KEY", "is required to use Gemini for coaching");
  const apiKey = opts.apiKey.trim();
  const malformedAttempts = opts.malformedAttempts ?? 2;

  /** One HTTP exchange. A fresh client per attempt lets our fetch see the Retry-After header. */
  async function requestOnce(
    input: CoachingInput,
    signal: AbortSignal,
    logger: Logger,
  ): Promise<GenerateContentResponse> {
    return withRetries({
      operation: "generate",
      policy: opts.call.retry,
      signal,
      logger,
      attempt: async () => {
        let retryAfterMs: number | undefined;
        const observingFetch: typeof fetch = async (url, init) => {
          const res = await fetch(url, init);
          retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
          return res;
        };
        const ai = new GoogleGenAI({
          apiKey,
          httpOptions: {
            ...(opts.call.baseUrl ? { baseUrl: opts.call.baseUrl } : {}),
            retryOptions: { attempts: 1 },
            fetch: observingFetch,
          },
        });
        return withTimeout({
          provider: PROVIDER,
          operation: "generate",
          timeoutMs: opts.call.timeoutMs,
          signal,
          mapError: (error) => toAIServiceError({ provider: PROVIDER, operation: "generate", error, retryAfterMs }),
          run: (attemptSignal) =>
            ai.models.generateContent({
              model: opts.model,
              contents: buildCoachingPrompt(input),
              config: {
                abortSignal: attemptSignal,
                temperature: 0.3,
                responseMimeType: "application/json",
                responseSchema: GEMINI_RESPONSE_SCHEMA,
              },
            }),
        });
      },
    });
  }

  async function generate(args: {
    input: CoachingInput;
    signal: AbortSignal;
    logger: Logger;
  }): Promise<TCoachingReport> {
    const usage: UsageItem[] = [];
    let reason = "";
    try {
      for (let attempt = 1; attempt <= malformedAttempts; attempt++) {
        const started = Date.now();
        let response: GenerateContentResponse;
        try {
          response = await requestOnce(args.input, args.signal, args.logger);
        } catch (error) {
          const mapped = toAIServiceError({ provider: PROVIDER, operation: "generate", error });
          if (mapped.kind !== "malformed_response") throw mapped;
          reason = "Gemini returned a body that is not valid JSON";
          args.logger.warn({ provider: PROVIDER, attempt, detail: mapped.detail }, reason);
          continue;
        }
        const meta = response.usageMetadata;
        const latencyMs = Date.now() - started;
        usage.push(
          { operation: "generate", units: meta?.promptTokenCount ?? 0, unitKind: "input_token", latencyMs },
          { operation: "generate", units: meta?.candidatesTokenCount ?? 0, unitKind: "output_token" },
        );
        const text = response.candidates?.[0]?.content?.parts?.map((p) => p.text ?? "").join("") ?? "";
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          reason = "Gemini returned text that is not JSON";
          args.logger.warn({ provider: PROVIDER, attempt }, reason);
          continue;
        }
        const parsed = ZGeminiReport.safeParse(json);
        if (!parsed.success) {
          reason = `Gemini's report did not match the schema (${parsed.error.issues[0]?.message ?? "invalid"})`;
          args.logger.warn({ provider: PROVIDER, attempt, issues: parsed.error.issues.slice(0, 3) }, reason);
          continue;
        }
        const ungrounded = checkGrounded(parsed.data, args.input);
        if (ungrounded) {
          reason = `Gemini's report was not grounded in the analysis: ${ungrounded}`;
          args.logger.warn({ provider: PROVIDER, attempt }, reason);
          continue;
        }
        return attachUsage({ provider: PROVIDER, ...parsed.data }, usage);
      }
      reason = `${reason} after ${malformedAttempts} attempts`;
    } catch (error) {
      const mapped = toAIServiceError({ provider: PROVIDER, operation: "generate", error });
      if (mapped.kind === "aborted") throw mapped;
      reason =
        mapped.kind === "configuration"
          ? `Gemini rejected the request (HTTP ${mapped.httpStatus}): check GEMINI_API_KEY and GEMINI_MODEL`
          : `Gemini failed (${mapped.kind}${mapped.httpStatus ? ` ${mapped.httpStatus}` : ""})`;
      args.logger.warn(
        { provider: PROVIDER, kind: mapped.kind, detail: mapped.detail },
        "gemini failed; using fallback",
      );
    }
    const report = await opts.fallback.generate(args);
    return attachUsage({ ...report, fallbackReason: `${reason}; the rule-based report was used instead.` }, usage);
  }

  return { name: PROVIDER, generate };
}
