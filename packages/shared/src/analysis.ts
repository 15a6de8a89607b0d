import { z } from "zod";
import { ZDissonanceType, ZScoreTier } from "./video";

// The analysis engine's data model. Providers produce Transcript and
// VisualTimeline; fusion turns them (with AudioFeatures) into RawEvents, then
// Flags, a Heatmap, Metrics, a score and a CoachingReport.

export const ZWord = z.object({
  /** The word as spoken, lower-case, without punctuation. */
  word: z.string(),
  /** The word as written (punctuation, capitals) when the provider gives it. */
  display: z.string().optional(),
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
  confidence: z.number().min(0).max(1),
  /**
   * Set by the recogniser when the word's confidence is below what that recogniser can be trusted at:
   * shown greyed, never quoted as evidence, never counted as a filler or hedge. Absent in older analyses.
   */
  uncertain: z.boolean().optional(),
});
export type TWord = z.infer<typeof ZWord>;

export const ZSentimentSegment = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  /** -1 (negative) to 1 (positive). */
  score: z.number().min(-1).max(1),
});
export type TSentimentSegment = z.infer<typeof ZSentimentSegment>;

export const ZTranscript = z.object({
  provider: z.string(),
  language: z.string().default("en"),
  durationSeconds: z.number().nonnegative(),
  text: z.string(),
  words: z.array(ZWord),
  /** Provider-side sentiment, when the provider computes it (Deepgram). */
  sentiment: z.array(ZSentimentSegment).optional(),
});
export type TTranscript = z.infer<typeof ZTranscript>;

export const EMOTIONS = ["neutral", "happy", "sad", "angry", "fear", "disgust", "surprise"] as const;
export const ZEmotion = z.enum(EMOTIONS);
export type TEmotion = z.infer<typeof ZEmotion>;

export const ZKeypoint = z.object({ part: z.string(), x: z.number(), y: z.number(), score: z.number() });

/** What the vision provider saw in one sampled frame. Coordinates are normalised to 0–1. */
export const ZVisualFrame = z.object({
  t: z.number().nonnegative(),
  facePresent: z.boolean(),
  /** Face box (normalised), when a face was found. */
  face: z
    .object({
      x: z.number(),
      y: z.number(),
      width: z.number(),
      height: z.number(),
      confidence: z.number().min(0).max(1),
      /**
       * The face box reaches well beyond the picture (a close-up cut off by the frame) even after
       * re-detecting on a letterboxed copy; the frame then carries no emotions. Absent when not clipped.
       */
      clipped: z.boolean().optional(),
    })
    .optional(),
  /** Head rotation in degrees; yaw > 0 is turned to the presenter's left; pitch < 0 is looking down (fusion relies on it). */
  head: z.object({ yaw: z.number(), pitch: z.number(), roll: z.number() }).optional(),
  /** Gaze relative to the camera, in degrees (pitch < 0 is looking down), and whether it counts as on camera. */
  gaze: z.object({ yaw: z.number(), pitch: z.number(), onCamera: z.boolean() }).optional(),
  emotions: z.partialRecord(ZEmotion, z.number().min(0).max(1)).optional(),
  body: z.array(ZKeypoint).optional(),
  hands: z.array(z.array(ZKeypoint)).optional(),
  gestures: z.array(z.string()).optional(),
  /**
   * Set when the frame was not measured from the picture but synthesized from a provider's
   * description (TwelveLabs Pegasus): names what it was derived from.
   */
  source: z.string().optional(),
});
export type TVisualFrame = z.infer<typeof ZVisualFrame>;

/** A span-level observation from a video-understanding service (TwelveLabs search or Pegasus). */
export const ZVisualObservation = z.object({
  type: ZDissonanceType.or(z.string()),
  start: z.number(),
  end: z.number(),
  confidence: z.number().min(0).max(1),
  description: z.string(),
});
export type TVisualObservation = z.infer<typeof ZVisualObservation>;

export const ZVisualTimeline = z.object({
  provider: z.string(),
  fps: z.number().positive(),
  frames: z.array(ZVisualFrame),
  /** Hands/body motion energy per window (0–1), derived from keypoints. */
  motion: z
    .array(
      z.object({
        start: z.number(),
        end: z.number(),
        energy: z.number().min(0),
        /** Hand (wrists, elbows) and body (head, shoulders, hips) energy separately, when measured. */
        hands: z.number().min(0).optional(),
        body: z.number().min(0).optional(),
      }),
    )
    .default([]),
  observations: z.array(ZVisualObservation).default([]),
  /**
   * Present when frames or motion were synthesized from a provider's description rather than
   * measured per frame: the source, the metrics that are therefore estimates, and what in the
   * description was missing or malformed (those metrics are left out).
   */
  estimate: z.object({ source: z.string(), metrics: z.array(z.string()), warnings: z.array(z.string()) }).optional(),
});
export type TVisualTimeline = z.infer<typeof ZVisualTimeline>;

export const ZAudioFeatures = z.object({
  windowSeconds: z.number().positive(),
  /** Per window: RMS energy in dBFS and fundamental frequency in Hz (null when unvoiced). */
  windows: z.array(z.object({ t: z.number(), rmsDb: z.number(), f0: z.number().nullable() })),
  pauses: z.array(z.object({ start: z.number(), end: z.number() })),
});
export type TAudioFeatures = z.infer<typeof ZAudioFeatures>;

/** A single detection before thresholds and clustering; kept so that re-scoring needs no provider call. */
export const ZRawEvent = z.object({
  type: ZDissonanceType,
  start: z.number(),
  end: z.number(),
  confidence: z.number().min(0).max(1),
  severity: z.number().min(0).max(1),
  quote: z.string().default(""),
  observation: z.string(),
  provider: z.string(),
  /** The raw figures behind the plain-language observation (model scores, frame counts). */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type TRawEvent = z.infer<typeof ZRawEvent>;

export const ZFlag = z.object({
  type: ZDissonanceType,
  start: z.number(),
  end: z.number(),
  severity: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
  evidence: z.object({
    quote: z.string(),
    /** Plain language ("Your face stayed neutral while you said you were thrilled."). */
    observation: z.string(),
    provider: z.string(),
    /** The raw figures behind it, for a details view; absent in older analyses. */
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  tip: z.string(),
});
export type TFlag = z.infer<typeof ZFlag>;

export const ZHeatmap = z.object({
  binSeconds: z.number().positive(),
  /** Strongest severity in each bin, 0–1. */
  bins: z.array(z.number().min(0).max(1)),
  /**
   * The talk's length: the last bin ends here, not at bins × binSeconds, so a
   * timeline must not draw past the video's end. Absent in analyses stored
   * before it was added.
   */
  durationSeconds: z.number().nonnegative().optional(),
});
export type THeatmap = z.infer<typeof ZHeatmap>;

export const ZMetric = z.object({
  name: z.string(),
  value: z.number(),
  unit: z.string(),
  /** The target band the value is judged against, and the verdict. */
  band: z.object({ low: z.number().nullable(), high: z.number().nullable() }).optional(),
  rating: z.enum(["good", "fair", "needs-work"]).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type TMetric = z.infer<typeof ZMetric>;

export const ZCoachingItem = z.object({
  title: z.string(),
  detail: z.string(),
  /** Times in seconds this item points at. */
  timestamps: z.array(z.number()),
  drill: z.string().optional(),
  /** The metric names or flag types behind this statement. */
  basis: z.array(z.string()).min(1),
});
export type TCoachingItem = z.infer<typeof ZCoachingItem>;

export const ZCoachingReport = z.object({
  provider: z.string(),
  summary: z.string(),
  strengths: z.array(ZCoachingItem),
  improvements: z.array(ZCoachingItem).max(3),
  /** Set when a cloud provider failed and the rule-based report stood in. */
  fallbackReason: z.string().optional(),
});
export type TCoachingReport = z.infer<typeof ZCoachingReport>;

/**
 * What the engine could and could not judge in a talk. When it saw no face and heard no words,
 * the score and tier mean nothing: `tierWithheld` says to show "could not judge" instead.
 */
export const ZJudgement = z.object({
  /** Plain sentences, one per thing that could not be judged ("No face was visible, so …"). */
  couldNotJudge: z.array(z.string()),
  /** True when the tier must not be shown (nothing was judged). */
  tierWithheld: z.boolean(),
  /** False when the words could not be heard reliably: verbal metrics are estimates. */
  transcriptReliable: z.boolean(),
});
export type TJudgement = z.infer<typeof ZJudgement>;

/** The message shown when the transcript is unreliable (results page, report, CLI). */
export const UNRELIABLE_TRANSCRIPT_NOTICE = "We could not hear the words reliably: verbal metrics are estimates.";

/**
 * The speaking-pace target band in words per minute (Microsoft Speaker Coach: 100–165; comprehension
 * falls past about 190). The one source for fusion's rating, the results page, the report and Progress.
 */
export const PACE_BAND_WPM = { good: [100, 165], fair: [90, 190] } as const satisfies {
  good: [number, number];
  fair: [number, number];
};

/** Words per minute over a span: the one pace definition (headline, windows, sentences, every page). */
export function wordsPerMinute(words: number, seconds: number): number {
  return seconds > 0 ? (60 * words) / seconds : 0;
}

/** Plain sentences for what could not be judged. */
export const COULD_NOT_JUDGE = {
  face: "No face was visible, so eye contact, expressions and gestures could not be judged.",
  speech: "No words were heard clearly, so the wording, pace and voice could not be judged.",
  transcript: UNRELIABLE_TRANSCRIPT_NOTICE,
} as const;

/**
 * What a talk's metrics say could not be judged. Works on stored metrics too (the results page
 * uses it for analyses stored before `judgement` existed): a missing face metric with no eye-contact
 * metric means no picture was analysed.
 */
export function judgeFromMetrics(
  metrics: { name: string; value: number; details?: Record<string, unknown> }[],
): TJudgement {
  const byName = new Map(metrics.map((m) => [m.name, m]));
  // Fusion always writes the word count; without it, nothing is known about the speech.
  const words = byName.get("wordsSpokenCount")?.value ?? Number.NaN;
  const presence = byName.get("facePresenceShare")?.value;
  const noFace = presence !== undefined ? presence === 0 : !byName.has("eyeContactShare");
  // Words the recogniser itself doubted (a tone heard as "mm") are no speech.
  const doubted = Number(byName.get("transcriptConfidence")?.details?.uncertainWords ?? 0);
  const noSpeech = words === 0 || (words > 0 && doubted >= words);
  const transcriptReliable = noSpeech || byName.get("transcriptConfidence")?.details?.reliable !== false;
  const couldNotJudge: string[] = [];
  if (noFace) couldNotJudge.push(COULD_NOT_JUDGE.face);
  if (noSpeech) couldNotJudge.push(COULD_NOT_JUDGE.speech);
  if (!transcriptReliable) couldNotJudge.push(COULD_NOT_JUDGE.transcript);
  return { couldNotJudge, tierWithheld: noFace && noSpeech, transcriptReliable };
}

export const ZAnalysisResult = z.object({
  coherenceScore: z.number().int().min(0).max(100),
  scoreTier: ZScoreTier,
  /** Absent in analyses stored before it was added. */
  judgement: ZJudgement.optional(),
  durationSeconds: z.number().nonnegative(),
  flags: z.array(ZFlag),
  heatmap: ZHeatmap,
  metrics: z.array(ZMetric),
  report: ZCoachingReport,
  transcript: ZTranscript,
});
export type TAnalysisResult = z.infer<typeof ZAnalysisResult>;

/**
 * How raw events of one dissonance type become flags. Stored per type in the
 * database (`dissonance_thresholds`) so they change without a redeploy.
 */
export const ZTypeThreshold = z.object({
  /** Raw events below this confidence are dropped. */
  minConfidence: z.number().min(0).max(1),
  /** Raw events below this severity are dropped. */
  minSeverity: z.number().min(0).max(1),
  /** Events of the type closer than this (seconds) merge into one cluster. */
  mergeGapSeconds: z.number().min(0).max(60),
  /** Clusters shorter than this (seconds) are dropped. */
  minDurationSeconds: z.number().min(0).max(60),
  /** A lone event shorter than this (seconds) is an isolated spike… */
  spikeSeconds: z.number().min(0).max(60),
  /** …and is dropped unless its confidence reaches this. */
  spikeConfidence: z.number().min(0).max(1),
  /** Weight of the type in the coherence score. */
  weight: z.number().min(0).max(5),
});
export type TTypeThreshold = z.infer<typeof ZTypeThreshold>;
export const TYPE_THRESHOLD_FIELDS = ZTypeThreshold.keyof().options;
export type TTypeThresholdField = (typeof TYPE_THRESHOLD_FIELDS)[number];

export const ZThresholds = z.record(ZDissonanceType, ZTypeThreshold);
export type TThresholds = z.infer<typeof ZThresholds>;

/** A metric's target band (good) and tolerance band (fair), bounds inclusive, null unbounded. Stored in `metric_bands`. */
const ZBandRange = z
  .tuple([z.number().nullable(), z.number().nullable()])
  .refine(([low, high]) => low === null || high === null || low <= high, {
    message: "The low bound must not exceed the high bound.",
  });
export const ZMetricBand = z.object({ good: ZBandRange, fair: ZBandRange });
export type TMetricBand = z.infer<typeof ZMetricBand>;
export const ZMetricBands = z.record(z.string(), ZMetricBand);
export type TMetricBands = z.infer<typeof ZMetricBands>;

/** The tiers that have a lower score bound; "Needs Work" is every score below Developing's. */
export const BOUNDED_TIERS = ["Compelling", "Proficient", "Developing"] as const;
/**
 * The lowest score (0–100) of each tier, stored in `score_tier_bounds` with the thresholds and bands.
 * Each tier starts above the next one down, and Developing above 0 (Needs Work keeps some scores).
 */
export const ZTierBounds = z
  .object({
    Compelling: z.number().gt(0).max(100),
    Proficient: z.number().gt(0).max(100),
    Developing: z.number().gt(0).max(100),
  })
  .refine((b) => b.Compelling > b.Proficient && b.Proficient > b.Developing, {
    message: "Each tier must start above the next one down (Compelling > Proficient > Developing).",
  });
export type TTierBounds = z.infer<typeof ZTierBounds>;
