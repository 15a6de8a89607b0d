import { z } from "zod";

export const VIDEO_STATUSES = ["queued", "processing", "complete", "error"] as const;
export const ZVideoStatus = z.enum(VIDEO_STATUSES);
export type TVideoStatus = z.infer<typeof ZVideoStatus>;

export const PIPELINE_STAGES = [
  "queued",
  "probe",
  "extract",
  "transcribe",
  "visuals",
  "audio",
  "fuse",
  "coach",
  "persist",
  "complete",
] as const;
export const ZPipelineStage = z.enum(PIPELINE_STAGES);
export type TPipelineStage = z.infer<typeof ZPipelineStage>;

export const SCORE_TIERS = ["Needs Work", "Developing", "Proficient", "Compelling"] as const;
export const ZScoreTier = z.enum(SCORE_TIERS);
export type TScoreTier = z.infer<typeof ZScoreTier>;

export const DISSONANCE_TYPES = [
  "EMOTIONAL_MISMATCH",
  "GAZE_AVOIDANCE",
  "NERVOUS_FIDGETING",
  "CONFIDENCE_MISMATCH",
  "MONOTONE_EMPHASIS",
  "DEICTIC_MISMATCH",
  "PACE_MISMATCH",
] as const;
export const ZDissonanceType = z.enum(DISSONANCE_TYPES);
export type TDissonanceType = z.infer<typeof ZDissonanceType>;
