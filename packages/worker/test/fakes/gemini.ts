import { FakeHttpServer } from "./fake-server";

export const GEMINI_GENERATE = /^\/v1(?:beta)?\/models\/[^/]+:generateContent$/;

/** A report that only cites the metric and flag the test input contains. */
export function geminiReport() {
  return {
    summary: "A clear talk; your gaze drifts from the camera in the middle.",
    strengths: [{ title: "Steady pace", detail: "You held 150 wpm.", timestamps: [], basis: ["pace_wpm"] }],
    improvements: [
      {
        title: "Keep eye contact",
        detail: "At 12 s you looked away while stating the key number.",
        timestamps: [12],
        drill: "Rehearse the key sentence looking into the lens.",
        basis: ["GAZE_AVOIDANCE"],
      },
    ],
  };
}

/** generateContent's documented response: JSON text in candidates[].content.parts[].text. */
export function geminiBody(text: string) {
  return {
    candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: 812, candidatesTokenCount: 240, totalTokenCount: 1052 },
    modelVersion: "gemini-2.5-flash",
  };
}

/** A fake Gemini API: generateContent answers a valid report unless something is queued. */
export async function startFakeGemini(): Promise<FakeHttpServer> {
  return new FakeHttpServer()
    .on("POST", GEMINI_GENERATE, (req) =>
      req.headers["x-goog-api-key"] === "good-key"
        ? { status: 200, json: geminiBody(JSON.stringify(geminiReport())) }
        : { status: 403, json: { error: { code: 403, message: "API key not valid.", status: "PERMISSION_DENIED" } } },
    )
    .start();
}
