import { readFile, stat } from "node:fs/promises";
import { SCRIPT_MAX_BYTES, ZScriptText } from "@coherence/shared";
import { CliInputError } from "./errors";

/**
 * Reads `--script FILE` for `coherence analyze`: a plain-text (UTF-8) file within the shared
 * limits. A missing, binary, empty or oversized file is refused in one line, before any work.
 */
export async function readScriptFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new CliInputError(`No such script file: ${path}`);
  if (!info.isFile()) throw new CliInputError(`Not a file: ${path} (--script takes a .txt or .md file)`);
  if (info.size > SCRIPT_MAX_BYTES) {
    throw new CliInputError(`The script file ${path} is larger than ${SCRIPT_MAX_BYTES / 1024} KB.`);
  }
  const bytes = await readFile(path);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CliInputError(`The script file ${path} is not plain text (it is not valid UTF-8).`);
  }
  const parsed = ZScriptText.safeParse(text);
  if (!parsed.success) throw new CliInputError(`${parsed.error.issues[0]?.message ?? "Invalid script."} (${path})`);
  return parsed.data;
}
