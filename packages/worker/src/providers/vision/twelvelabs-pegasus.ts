import { DISSONANCE_TYPES, type TVisualObservation } from "@coherence/shared";
import { z } from "zod";
import type { UsageItem } from "../usage";
import { type CallContext, malformed, type TwelveLabsConnection } from "./twelvelabs-client";
import { DELIVERY_DESCRIPTION_SCHEMA, type DeliveryDescription, parseDeliveryDescription } from "./twelvelabs-delivery";
import { PEGASUS_MODEL } from "./twelvelabs-index";

/**
 * The structured delivery description asked of Pegasus. Pegasus rejects minLength,
 * maxLength, additionalProperties, maxItems and uniqueItems, so none appear here;
 * bounds are enforced by zod after the answer arrives.
 */
export const PEGASUS_DELIVERY_SCHEMA = {
  type: "object",
  properties: {
    overall: { type: "string", description: "Two sentences on the presenter's delivery." },
    moments: {
      type: "array",
      description: "Moments where body language, face or voice contradict what is being said.",
      items: {
        type: "object",
        properties: {
          type: { type: "string", enum: [...DISSONANCE_TYPES] },
          start: { type: "number", description: "Start, seconds from the beginning." },
          end: { type: "number", description: "End, seconds from the beginning." },
          confidence: { type: "number", description: "0 to 1." },
          description: { type: "string", description: "What was seen and heard, specifically." },
        },
        required: ["type", "start", "end", "confidence", "description"],
      },
    },
    delivery: DELIVERY_DESCRIPTION_SCHEMA,
  },
  required: ["overall", "moments", "delivery"],
} as const;

const ZPegasusDelivery = z.object({
  overall: z.string(),
  moments: z.array(
    z.object({
      type: z.enum(DISSONANCE_TYPES),
      start: z.number(),
      end: z.number(),
      confidence: z.number(),
      description: z.string(),
    }),
  ),
});

export const PEGASUS_PROMPT = [
  "You are reviewing a recorded presentation for a presentation coach.",
  "List the moments where the presenter's body language, facial expression, gaze or voice contradict",
  "what they are saying (for example smiling while giving bad news, looking away while stating a key fact,",
  "fidgeting while claiming confidence, pointing at nothing while saying 'look at this').",
  "Use the given type names. Give times in seconds. Only list what you can see or hear.",
  "Then describe the delivery as a face and body tracker would measure it: the share of time spent looking into",
  "the camera and fidgeting, the face's emotions with their shares, and every time range of looking away,",
  "face too close or too far, face hidden, fidgeting and gesturing. Use empty lists when something never happens.",
].join(" ");

export type PegasusDelivery = {
  observations: TVisualObservation[];
  description: DeliveryDescription;
  warnings: string[];
};

/** Pegasus's answer as observations (clamped to the video) and a delivery description. */
export function parsePegasusAnswer(answer: {
  data: string | undefined;
  finishReason: string | undefined;
  durationSeconds: number;
}): PegasusDelivery {
  const bad = (detail: string) => malformed("analyze", `analyze: ${detail}`);
  if (answer.finishReason === "length") throw bad("answer cut off at maxTokens");
  let json: unknown;
  try {
    json = JSON.parse(answer.data ?? "");
  } catch {
    throw bad("data is not JSON");
  }
  const parsed = ZPegasusDelivery.safeParse(json);
  if (!parsed.success) throw bad(`data does not match the schema: ${parsed.error.issues[0]?.message}`);
  const observations = parsed.data.moments
    .filter((m) => m.end >= m.start && m.start < answer.durationSeconds + 1)
    .map((m) => ({
      type: m.type,
      start: Math.max(0, m.start),
      end: Math.min(answer.durationSeconds, m.end),
      confidence: Math.min(1, Math.max(0, m.confidence)),
      description: `Pegasus: ${m.description}`,
    }));
  // The delivery description is optional to the parse: a bad field costs its metrics, not the analysis.
  const { description, warnings } = parseDeliveryDescription(
    (json as { delivery?: unknown }).delivery,
    answer.durationSeconds,
  );
  return { observations, description, warnings };
}

/** Asks Pegasus for the dissonance moments and the delivery description of an indexed video. */
export async function describeDelivery(
  tl: TwelveLabsConnection,
  args: CallContext & { videoId: string; durationSeconds: number },
): Promise<PegasusDelivery & { usage: UsageItem[] }> {
  const started = Date.now();
  const response = await tl.call("analyze", args, (ro) =>
    tl.client.analyze(
      {
        // Pegasus 1.2 analyses the video indexed with it (by its indexed-asset id), not an asset.
        modelName: PEGASUS_MODEL,
        videoId: args.videoId,
        prompt: PEGASUS_PROMPT,
        temperature: 0.2,
        responseFormat: {
          type: "json_schema",
          jsonSchema: PEGASUS_DELIVERY_SCHEMA as unknown as Record<string, unknown>,
        },
        maxTokens: Math.min(4096, Math.max(2, tl.settings.analyzeMaxTokens)),
      },
      ro,
    ),
  );
  const usage: UsageItem[] = [
    {
      operation: "analyze",
      units: response.usage?.inputTokens ?? 0,
      unitKind: "input_token",
      latencyMs: Date.now() - started,
    },
    { operation: "analyze", units: response.usage?.outputTokens ?? 0, unitKind: "output_token" },
  ];
  const delivery = parsePegasusAnswer({
    data: response.data ?? undefined,
    finishReason: response.finishReason ?? undefined,
    durationSeconds: args.durationSeconds,
  });
  return { ...delivery, usage };
}
