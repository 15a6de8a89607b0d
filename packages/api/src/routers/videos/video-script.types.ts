import { ZVideoStatus } from "@coherence/shared";
import { z } from "zod";

// Shapes shared by the three script procedures (get, set, delete).

/** A video's stored script. */
export const ZVideoScript = z.object({
  videoId: z.uuid(),
  text: z.string(),
  /** sha256 of the text (hex). */
  sha256: z.string(),
  updatedAt: z.iso.datetime(),
});

/** What a change of script did to the video's analysis. */
export const ZScriptChange = z.object({
  /** True when the video is analysed again (transcription, alignment and fusion; vision is reused). */
  reanalysing: z.boolean(),
  /** The video's status after the change. */
  status: ZVideoStatus,
});
