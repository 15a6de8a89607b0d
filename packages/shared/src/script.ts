import { z } from "zod";

// A presenter's prepared script (issue 14) and how the delivered talk followed it. Browser-safe:
// the web app validates a pasted or chosen script with the same rules as the API.

/** Largest script accepted, in characters: about 9,000 words, an hour of speech. */
export const SCRIPT_MAX_CHARS = 60_000;
/** Largest script file accepted by the upload form and the CLI, in bytes (UTF-8, room for markup). */
export const SCRIPT_MAX_BYTES = 256 * 1024;
/** File types a script may be chosen from. */
export const SCRIPT_FILE_EXTENSIONS = [".txt", ".md"] as const;

/**
 * A script as stored: plain text. Control characters other than tab and line breaks mean the
 * "text" is really a binary file, which is refused rather than stored.
 */
export const ZScriptText = z
  .string()
  .trim()
  .min(1, "The script is empty.")
  .max(SCRIPT_MAX_CHARS, `The script is longer than ${SCRIPT_MAX_CHARS.toLocaleString("en")} characters.`)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting binary input is the point
  .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(text), {
    message: "The script is not plain text (it contains binary data). Paste the text or choose a .txt or .md file.",
  });

/** Which guidance the speech engine got from the script, recorded in the transcript. */
export const ZScriptGuidance = z.enum([
  /** No script, or the engine takes no guidance. */
  "none",
  /** pocketsphinx: an n-gram model built from the script, mixed with the general English model. */
  "script-language-model",
  /** whisper: the script's tail as the initial prompt. */
  "initial-prompt",
  /** Deepgram: key terms (names, jargon, numbers) from the script. */
  "key-terms",
]);
export type TScriptGuidance = z.infer<typeof ZScriptGuidance>;

/** How one script word was delivered, after a word-by-word global alignment. */
export const ZScriptWordStatus = z.enum([
  /** Said as written. */
  "said",
  /** Aligned to a different spoken word (a substitution): delivered, not as written. */
  "changed",
  /** Not said: part of a skipped passage. */
  "skipped",
  /** Said, but somewhere else than the script puts it (part of a passage said out of order). */
  "moved",
]);
export type TScriptWordStatus = z.infer<typeof ZScriptWordStatus>;

/** One word of the script, with its place in the script's text so the web app can mark it. */
export const ZScriptWord = z.object({
  /** The word as written in the script. */
  text: z.string(),
  /** Character offsets in the stored script text: [start, end). */
  charStart: z.number().int().nonnegative(),
  charEnd: z.number().int().nonnegative(),
  status: ZScriptWordStatus,
  /** When it was said (seconds from the start of the talk); for a skipped word, when it should have come. */
  seconds: z.number().nonnegative().nullable(),
});
export type TScriptWord = z.infer<typeof ZScriptWord>;

/** A run of consecutive script words or spoken words that the adherence report names. */
export const ZScriptPassage = z.object({
  /** Script word indexes [fromWord, toWord) (for an added passage: the insertion point, fromWord = toWord). */
  fromWord: z.number().int().nonnegative(),
  toWord: z.number().int().nonnegative(),
  /** The passage's words: the script's for skipped and moved passages, the speaker's for added ones. */
  text: z.string(),
  /** Seconds in the talk: when it was said, or (skipped) when it should have come. */
  start: z.number().nonnegative(),
  end: z.number().nonnegative(),
});
export type TScriptPassage = z.infer<typeof ZScriptPassage>;

export const ZScriptAdherence = z.object({
  guidance: ZScriptGuidance,
  words: z.array(ZScriptWord),
  /** Share of script words delivered (said, changed or moved), 0–1. */
  deliveredShare: z.number().min(0).max(1),
  /** Share of script words said exactly as written, 0–1. */
  asWrittenShare: z.number().min(0).max(1),
  skipped: z.array(ZScriptPassage),
  added: z.array(ZScriptPassage),
  moved: z.array(ZScriptPassage),
});
export type TScriptAdherence = z.infer<typeof ZScriptAdherence>;
