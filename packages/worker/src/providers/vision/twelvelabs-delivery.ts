import { EMOTIONS, type TEmotion } from "@coherence/shared";
import { z } from "zod";

// The structured delivery description asked of Pegasus next to its dissonance moments:
// what a per-frame face tracker would measure (eye contact, fidgeting, emotions, distance,
// obstruction), as shares and time ranges. Like the rest of the Pegasus schema it avoids
// minLength, maxLength, additionalProperties, maxItems and uniqueItems; zod checks bounds.

const seconds = (what: string) => ({ type: "number", description: `${what}, seconds from the beginning.` });

function rangesOf(description: string, extra: Record<string, unknown> = {}) {
  return {
    type: "array",
    description,
    items: {
      type: "object",
      properties: { start: seconds("Start"), end: seconds("End"), ...extra },
      required: ["start", "end", ...Object.keys(extra)],
    },
  };
}

export const LOOK_DIRECTIONS = ["down", "up", "left", "right"] as const;
export const DISTANCE_KINDS = ["too_close", "too_far"] as const;

export const DELIVERY_DESCRIPTION_SCHEMA = {
  type: "object",
  description:
    "How the presenter comes across on camera over the whole video, as a face and body tracker would see it.",
  properties: {
    eyeContactShare: {
      type: "number",
      description: "Share of the time, 0 to 1, the presenter looks into the camera.",
    },
    fidgetingShare: {
      type: "number",
      description:
        "Share of the time, 0 to 1, the presenter fidgets: restless hands, shifting, touching face or clothes.",
    },
    emotions: {
      type: "array",
      description: "The emotions the presenter's face shows, each with its share of the time (shares sum to 1).",
      items: {
        type: "object",
        properties: {
          emotion: { type: "string", enum: [...EMOTIONS] },
          share: { type: "number", description: "0 to 1." },
        },
        required: ["emotion", "share"],
      },
    },
    lookingAway: rangesOf("Every time range in which the presenter looks away from the camera.", {
      direction: { type: "string", enum: [...LOOK_DIRECTIONS] },
    }),
    cameraDistance: rangesOf("Every time range in which the face is too close to or too far from the camera.", {
      distance: { type: "string", enum: [...DISTANCE_KINDS] },
    }),
    faceObstructed: rangesOf("Every time range in which the face is hidden, covered or out of frame."),
    fidgeting: rangesOf("Every time range in which the presenter fidgets."),
    gesturing: rangesOf("Every time range in which the presenter gestures with hands or arms, pointing included."),
  },
  required: [
    "eyeContactShare",
    "fidgetingShare",
    "emotions",
    "lookingAway",
    "cameraDistance",
    "faceObstructed",
    "fidgeting",
    "gesturing",
  ],
} as const;

const ZShare = z.number().min(0).max(1);
const ZRange = z.object({ start: z.number(), end: z.number() });

const ZFields = {
  eyeContactShare: ZShare,
  fidgetingShare: ZShare,
  // Shares are normalised below, so any non-negative weights will do.
  emotions: z.array(z.object({ emotion: z.enum(EMOTIONS), share: z.number().min(0) })).min(1),
  lookingAway: z.array(ZRange.extend({ direction: z.enum(LOOK_DIRECTIONS) })),
  cameraDistance: z.array(ZRange.extend({ distance: z.enum(DISTANCE_KINDS) })),
  faceObstructed: z.array(ZRange),
  fidgeting: z.array(ZRange),
  gesturing: z.array(ZRange),
};

export type TimeRange = { start: number; end: number };
export type LookDirection = (typeof LOOK_DIRECTIONS)[number];

/** The description after validation: a field that was missing or malformed is undefined. */
export type DeliveryDescription = {
  eyeContactShare?: number;
  fidgetingShare?: number;
  /** Normalised to sum to 1. */
  emotions?: Partial<Record<TEmotion, number>>;
  lookingAway?: (TimeRange & { direction: LookDirection })[];
  cameraDistance?: (TimeRange & { distance: (typeof DISTANCE_KINDS)[number] })[];
  faceObstructed?: TimeRange[];
  fidgeting?: TimeRange[];
  gesturing?: TimeRange[];
};

/** Keeps a range inside the video; drops it when it is inverted or outside. */
function clampRanges<R extends TimeRange>(ranges: R[], durationSeconds: number): R[] {
  return ranges
    .map((r) => ({ ...r, start: Math.max(0, r.start), end: Math.min(durationSeconds, r.end) }))
    .filter((r) => r.end > r.start);
}

/**
 * Validates each field on its own, so that one bad field costs only the metrics that need
 * it: a field that is missing or malformed is left out and named in `warnings`. A field
 * with any bad item is left out whole, since a partial list would undercount.
 */
export function parseDeliveryDescription(
  raw: unknown,
  durationSeconds: number,
): { description: DeliveryDescription; warnings: string[] } {
  const warnings: string[] = [];
  if (raw === undefined || raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { description: {}, warnings: ["delivery: missing from the answer"] };
  }
  const source = raw as Record<string, unknown>;
  const field = <K extends keyof typeof ZFields>(key: K): z.infer<(typeof ZFields)[K]> | undefined => {
    if (source[key] === undefined || source[key] === null) {
      warnings.push(`delivery.${key}: missing`);
      return undefined;
    }
    const parsed = ZFields[key].safeParse(source[key]);
    if (parsed.success) return parsed.data as z.infer<(typeof ZFields)[K]>;
    warnings.push(`delivery.${key}: malformed (${parsed.error.issues[0]?.message ?? "invalid"})`);
    return undefined;
  };
  const description: DeliveryDescription = {
    eyeContactShare: field("eyeContactShare"),
    fidgetingShare: field("fidgetingShare"),
  };
  const emotions = field("emotions");
  const total = emotions?.reduce((s, e) => s + e.share, 0) ?? 0;
  if (emotions && total > 0) {
    const out: Partial<Record<TEmotion, number>> = {};
    for (const e of emotions) out[e.emotion] = (out[e.emotion] ?? 0) + e.share / total;
    description.emotions = out;
  } else if (emotions) warnings.push("delivery.emotions: shares sum to 0");
  const lookingAway = field("lookingAway");
  const cameraDistance = field("cameraDistance");
  const faceObstructed = field("faceObstructed");
  const fidgeting = field("fidgeting");
  const gesturing = field("gesturing");
  if (lookingAway) description.lookingAway = clampRanges(lookingAway, durationSeconds);
  if (cameraDistance) description.cameraDistance = clampRanges(cameraDistance, durationSeconds);
  if (faceObstructed) description.faceObstructed = clampRanges(faceObstructed, durationSeconds);
  if (fidgeting) description.fidgeting = clampRanges(fidgeting, durationSeconds);
  if (gesturing) description.gesturing = clampRanges(gesturing, durationSeconds);
  for (const key of Object.keys(description) as (keyof DeliveryDescription)[]) {
    if (description[key] === undefined) delete description[key];
  }
  return { description, warnings };
}
