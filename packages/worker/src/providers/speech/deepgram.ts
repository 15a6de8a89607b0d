import { createReadStream } from "node:fs";
import type { Logger } from "@coherence/core";
import type { TSentimentSegment, TTranscript, TWord } from "@coherence/shared";
import { DeepgramClient } from "@deepgram/sdk";
import { z } from "zod";
import { scriptKeyTerms } from "../../script";
import type { CloudCallOptions } from "../cloud-options";
import { AIServiceError, ProviderConfigError } from "../errors";
import { withRetries, withTimeout } from "../http-retry";
import type { SpeechTranscriptionProvider } from "../types";
import { attachUsage } from "../usage";
import { markWordConfidence } from "./word-confidence";

const PROVIDER = "deepgram";

// The documented pre-recorded response, validated rather than trusted: a body that
// does not match is a malformed response, not a crash deep in the mapping.
const ZDeepgramWord = z.object({
  word: z.string(),
  start: z.number(),
  end: z.number(),
  confidence: z.number(),
  punctuated_word: z.string().optional(),
});
const ZDeepgramResponse = z.object({
  metadata: z.object({ request_id: z.string().optional(), duration: z.number().optional() }).loose(),
  results: z
    .object({
      channels: z
        .array(
          z
            .object({
              alternatives: z
                .array(
                  z.object({ transcript: z.string(), confidence: z.number(), words: z.array(ZDeepgramWord) }).loose(),
                )
                .min(1),
              detected_language: z.string().optional(),
            })
            .loose(),
        )
        .min(1),
      sentiments: z
        .object({
          segments: z.array(
            z.object({
              text: z.string(),
              start_word: z.number().int(),
              end_word: z.number().int(),
              sentiment: z.string(),
              sentiment_score: z.number(),
            }),
          ),
        })
        .loose()
        .optional(),
    })
    .loose(),
});
export type DeepgramResponse = z.infer<typeof ZDeepgramResponse>;

/** Deepgram request options that change the transcript; part of the memo key. */
export type DeepgramOptions = {
  model: string;
  language: string;
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Maps a Deepgram pre-recorded response to the common transcript type (pure; exported for tests). */
export function deepgramToTranscript(
  body: DeepgramResponse,
  opts: { durationSeconds: number; language: string },
): TTranscript {
  const channel = body.results.channels[0]!;
  const alt = channel.alternatives[0]!;
  const words: TWord[] = alt.words.map((w) => ({
    word: w.word.toLowerCase().replace(/[^\p{L}\p{N}'-]/gu, ""),
    display: w.punctuated_word,
    start: Math.max(0, w.start),
    end: Math.max(0, w.end),
    confidence: clamp(w.confidence, 0, 1),
  }));
  const sentiment: TSentimentSegment[] | undefined = body.results.sentiments?.segments.map((s) => ({
    start: words[s.start_word]?.start ?? 0,
    end: words[Math.min(s.end_word, words.length - 1)]?.end ?? words[s.start_word]?.end ?? 0,
    text: s.text,
    score: clamp(s.sentiment_score, -1, 1),
  }));
  return markWordConfidence({
    provider: PROVIDER,
    language: channel.detected_language ?? opts.language,
    durationSeconds: body.metadata.duration ?? opts.durationSeconds,
    text: alt.transcript,
    words,
    ...(sentiment ? { sentiment } : {}),
  });
}

/**
 * The documented vocabulary boost for the configured model: Nova-3 takes `keyterm` (plain
 * terms, phrases allowed); older models take `keywords` (single words only).
 */
export function deepgramKeyTermParams(model: string, terms: string[]): { keyterm?: string[]; keywords?: string[] } {
  if (terms.length === 0) return {};
  if (model.startsWith("nova-3")) return { keyterm: terms };
  const words = [...new Set(terms.flatMap((t) => t.split(/\s+/)))];
  return { keywords: words };
}

/**
 * Deepgram pre-recorded transcription (nova-3 with filler words, smart format,
 * utterances and sentiment) as a SpeechTranscriptionProvider. The SDK's own retries are
 * off: ours honour Retry-After and the caller's abort signal.
 */
export function createDeepgramSpeechProvider(opts: {
  apiKey: string | undefined;
  options: DeepgramOptions;
  call: CloudCallOptions;
}): SpeechTranscriptionProvider & { readonly options: DeepgramOptions } {
  if (!opts.apiKey?.trim()) throw new ProviderConfigError("DEEPGRAM_API_KEY", "is required to use Deepgram for speech");
  const client = new DeepgramClient({
    apiKey: opts.apiKey.trim(),
    ...(opts.call.baseUrl ? { baseUrl: opts.call.baseUrl } : {}),
  });

  async function transcribe(args: {
    audioPath: string;
    durationSeconds: number;
    signal: AbortSignal;
    logger: Logger;
    script?: string;
  }): Promise<TTranscript> {
    const operation = "transcribe";
    const boost = args.script ? deepgramKeyTermParams(opts.options.model, scriptKeyTerms(args.script)) : {};
    const body = await withRetries({
      operation,
      policy: opts.call.retry,
      signal: args.signal,
      logger: args.logger,
      attempt: () =>
        withTimeout({
          provider: PROVIDER,
          operation,
          timeoutMs: opts.call.timeoutMs,
          signal: args.signal,
          run: async (signal) =>
            client.listen.v1.media.transcribeFile(
              createReadStream(args.audioPath),
              {
                model: opts.options.model as "nova-3",
                language: opts.options.language,
                smart_format: true,
                punctuate: true,
                utterances: true,
                filler_words: true,
                sentiment: true,
                ...boost,
              },
              { abortSignal: signal, maxRetries: 0, timeoutInSeconds: Math.ceil(opts.call.timeoutMs / 1000) + 5 },
            ),
        }),
    });
    const parsed = ZDeepgramResponse.safeParse(body);
    if (!parsed.success) {
      throw new AIServiceError({
        provider: PROVIDER,
        operation,
        kind: "malformed_response",
        detail: `transcribe: response does not match the documented shape: ${parsed.error.message.slice(0, 300)}`,
      });
    }
    const transcript: TTranscript = {
      ...deepgramToTranscript(parsed.data, { durationSeconds: args.durationSeconds, language: opts.options.language }),
      ...(args.script ? { guidance: Object.keys(boost).length > 0 ? ("key-terms" as const) : ("none" as const) } : {}),
    };
    args.logger.info(
      { provider: PROVIDER, requestId: parsed.data.metadata.request_id, words: transcript.words.length },
      "deepgram transcription done",
    );
    // Deepgram bills the audio duration it processed.
    return attachUsage(transcript, [
      { operation: "transcribe", units: transcript.durationSeconds / 60, unitKind: "audio_minute" },
    ]);
  }

  return { name: PROVIDER, options: opts.options, transcribe };
}
