import { formatBytes, SCRIPT_FILE_EXTENSIONS, SCRIPT_MAX_BYTES, ZScriptText } from "@coherence/shared";

// The API's own rules for a script (shared ZScriptText, SCRIPT_MAX_BYTES), checked in the
// browser so that a bad script is explained at once and never sent.

/** What the file picker offers. */
export const SCRIPT_ACCEPT = [...SCRIPT_FILE_EXTENSIONS, "text/plain", "text/markdown"].join(",");

/** Why this script text cannot be used, or null when it can. */
export function scriptTextProblem(text: string): string | null {
  const parsed = ZScriptText.safeParse(text);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "The script is not valid.");
}

/** Why this file cannot be a script (type or size), before reading it; null when it may be. */
export function scriptFileProblem(file: { name: string; size: number }): string | null {
  const name = file.name.toLowerCase();
  if (!SCRIPT_FILE_EXTENSIONS.some((ext) => name.endsWith(ext))) {
    return `“${file.name}” is not a text file. Choose a ${SCRIPT_FILE_EXTENSIONS.join(" or ")} file, or paste the script.`;
  }
  if (file.size > SCRIPT_MAX_BYTES) {
    return `“${file.name}” is ${formatBytes(file.size)}; a script can be at most ${formatBytes(SCRIPT_MAX_BYTES)}.`;
  }
  return null;
}

/** A chosen file's text, or why it is not a usable script (not UTF-8 text, empty, too long). */
export function decodeScriptFile(bytes: ArrayBuffer): { text: string } | { problem: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { problem: "This file is not plain text (it contains binary data). Choose a .txt or .md file." };
  }
  const problem = scriptTextProblem(text);
  return problem ? { problem } : { text };
}
