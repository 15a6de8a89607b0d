import type { Readable } from "node:stream";
import { AppError, formatBytes, SCRIPT_MAX_BYTES, ZScriptText } from "@coherence/shared";

// The optional `script` of a streamed upload (issue 14): a text field, or a text file part
// (`curl -F script=@talk.txt`). Whatever is wrong with it refuses the whole upload, so a
// video is never kept without the script its presenter sent with it.

/** The form field that carries the script. */
export const SCRIPT_FIELD = "script";

function tooLarge(): AppError {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `The script is larger than ${formatBytes(SCRIPT_MAX_BYTES)}. Send a shorter script (plain text).`,
  );
}

/** The script as stored, or the AppError that refuses it (empty, too long, not plain text). */
export function parseScript(text: string): string {
  // A browser's FormData sends a textarea's line breaks as CRLF; the script is stored with LF.
  const parsed = ZScriptText.safeParse(text.replace(/\r\n?/g, "\n"));
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? "The script is not valid.";
  throw new AppError("VALIDATION_FAILED", `Invalid input: script: ${message}`, {
    issues: [{ path: SCRIPT_FIELD, message }],
  });
}

/** A script sent as a form field; busboy truncates a field longer than its fieldSize limit. */
export function scriptFromField(value: string, truncated: boolean): string {
  if (truncated) throw tooLarge();
  return parseScript(value);
}

/** A script sent as a file part: at most SCRIPT_MAX_BYTES of UTF-8 text (anything else is refused). */
export async function scriptFromFile(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += (chunk as Buffer).length;
    if (bytes > SCRIPT_MAX_BYTES) {
      stream.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  // Invalid UTF-8 (a binary file) decodes to U+FFFD, which ZScriptText refuses as binary.
  return parseScript(new TextDecoder("utf-8").decode(Buffer.concat(chunks)));
}
