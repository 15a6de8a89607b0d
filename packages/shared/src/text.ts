import { z } from "zod";

// Text people type and others read (a name, a video title): one rule for the API, the
// worker and the web app.

/**
 * C0 controls (NUL, tab, line breaks, escape…), DEL and C1 controls. Postgres cannot
 * store NUL at all, and the others show as empty boxes or break a one-line display.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/** True when the text contains a control character (see CONTROL_CHARACTERS). */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** The longest title a video may have, in characters. */
export const MAX_TITLE_LENGTH = 200;
/** The longest display name, in characters. */
export const MAX_NAME_LENGTH = 100;

/**
 * A one-line text field: trimmed, at most `max` characters, no control characters.
 *
 * @example plainText({ label: "Title", max: MAX_TITLE_LENGTH })
 */
export function plainText(opts: { label: string; max: number }) {
  return z
    .string()
    .trim()
    .max(opts.max, `${opts.label} must be at most ${opts.max} characters.`)
    .refine(
      (value) => !hasControlCharacters(value),
      `${opts.label} must not contain control characters (such as NUL, tabs or line breaks).`,
    );
}

/** A video title as clients send it. */
export const ZTitleInput = plainText({ label: "Title", max: MAX_TITLE_LENGTH });
/** A display name as clients send it. */
export const ZNameInput = plainText({ label: "Name", max: MAX_NAME_LENGTH });
