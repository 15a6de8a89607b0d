import { FakeHttpServer } from "./fake-server";

export const DEEPGRAM_LISTEN = /^\/v1\/listen$/;

/** A pre-recorded response in Deepgram's documented shape: "Um, so today we launch." */
export function deepgramSuccessBody() {
  const words = [
    { word: "um", start: 0.2, end: 0.5, confidence: 0.91, punctuated_word: "Um," },
    { word: "so", start: 0.6, end: 0.8, confidence: 0.97, punctuated_word: "so" },
    { word: "today", start: 0.8, end: 1.2, confidence: 0.99, punctuated_word: "today" },
    { word: "we", start: 1.2, end: 1.4, confidence: 0.99, punctuated_word: "we" },
    { word: "launch", start: 1.4, end: 1.9, confidence: 0.98, punctuated_word: "launch." },
  ];
  return {
    metadata: { request_id: "req-123", duration: 2.5, channels: 1, models: ["nova-3"] },
    results: {
      channels: [{ alternatives: [{ transcript: "Um, so today we launch.", confidence: 0.97, words }] }],
      utterances: [
        { id: "u1", start: 0.2, end: 1.9, confidence: 0.97, channel: 0, transcript: "Um, so today we launch.", words },
      ],
      sentiments: {
        segments: [
          { text: "Um, so", start_word: 0, end_word: 1, sentiment: "neutral", sentiment_score: 0.05 },
          { text: "today we launch.", start_word: 2, end_word: 4, sentiment: "positive", sentiment_score: 0.62 },
        ],
        average: { sentiment: "positive", sentiment_score: 0.4 },
      },
    },
  };
}

/** A fake Deepgram: POST /v1/listen answers the success body unless something is queued. */
export async function startFakeDeepgram(): Promise<FakeHttpServer> {
  return new FakeHttpServer()
    .on("POST", DEEPGRAM_LISTEN, (req) =>
      req.headers.authorization === "Token good-key"
        ? { status: 200, json: deepgramSuccessBody() }
        : { status: 401, json: { err_code: "INVALID_AUTH", err_msg: "Invalid credentials." } },
    )
    .start();
}
