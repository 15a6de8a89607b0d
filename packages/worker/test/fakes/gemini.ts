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

/**
 * A report grounded in whatever the prompt lists: it cites the first metric (or flag)
 * the prompt gives, so it passes the provider's grounding check on any real analysis.
 */
export function groundedReport(prompt: string) {
  const listed = (label: string) => {
    const line = prompt.split("\n")[prompt.split("\n").indexOf(label) + 1] ?? "[]";
    return (JSON.parse(line) as { name?: string; type?: string }[]).map((x) => x.name ?? x.type ?? "");
  };
  const basis = [...listed("Metrics (JSON):"), ...listed("Flags (JSON):")].slice(0, 1);
  return {
    summary: "A clear, steady talk.",
    strengths:
      basis.length > 0 ? [{ title: "Steady delivery", detail: "You kept an even pace.", timestamps: [], basis }] : [],
    improvements: [],
  };
}

/**
 * A fake Gemini API: generateContent answers a valid report unless something is queued.
 * With `groundOnPrompt`, the report cites what the prompt lists (for whole-pipeline tests).
 */
export async function startFakeGemini(opts: { groundOnPrompt?: boolean } = {}): Promise<FakeHttpServer> {
  return new FakeHttpServer()
    .on("POST", GEMINI_GENERATE, (req) => {
      if (req.headers["x-goog-api-key"] !== "good-key") {
        return {
          status: 403,
          json: { error: { code: 403, message: "API key not valid.", status: "PERMISSION_DENIED" } },
        };
      }
      const prompt = opts.groundOnPrompt
        ? String(JSON.parse(req.body.toString()).contents?.[0]?.parts?.[0]?.text ?? "")
        : undefined;
      const report = prompt === undefined ? geminiReport() : groundedReport(prompt);
      return { status: 200, json: geminiBody(JSON.stringify(report)) };
    })
    .start();
}
