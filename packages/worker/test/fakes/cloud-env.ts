import type { FakeHttpServer } from "./fake-server";

/** Environment selecting all three cloud providers, each pointed at its fake server with the key it accepts. */
export function fakeCloudEnv(fakes: {
  deepgram: FakeHttpServer;
  twelvelabs: FakeHttpServer;
  gemini: FakeHttpServer;
}): Record<string, string> {
  return {
    DEEPGRAM_API_KEY: "good-key",
    DEEPGRAM_BASE_URL: fakes.deepgram.url,
    TWELVELABS_API_KEY: "good-key",
    TWELVELABS_BASE_URL: fakes.twelvelabs.url,
    GEMINI_API_KEY: "good-key",
    GEMINI_BASE_URL: fakes.gemini.url,
  };
}
