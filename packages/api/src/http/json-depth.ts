/** The deepest nesting of arrays and objects a JSON body may have; no API input comes near it. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]); // { [
const CLOSERS = new Set([0x7d, 0x5d]); // } ]

/**
 * True when raw JSON nests arrays and objects deeper than `max`. Scans the bytes before
 * anything parses them (brackets inside strings do not count), so that a body nested
 * thousands of levels deep is refused as a 400 instead of overflowing the stack of the
 * code that walks the parsed value afterwards.
 */
export function jsonDepthExceeds(raw: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of raw) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === BACKSLASH) escaped = true;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (OPENERS.has(byte)) {
      depth++;
      if (depth > max) return true;
    } else if (CLOSERS.has(byte)) depth--;
  }
  return false;
}
