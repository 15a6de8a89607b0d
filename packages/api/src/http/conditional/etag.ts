import { createHash } from "node:crypto";

/** A strong entity tag for a representation, from the parts its content depends on. */
export function etagOf(parts: readonly (string | number)[]): string {
  return `"${createHash("sha1").update(parts.join("\u0000")).digest("base64url").slice(0, 22)}"`;
}

/**
 * Whether `If-None-Match` names `etag` (RFC 9110 §13.1.2: `*`, or a list compared weakly,
 * so `W/"x"` matches `"x"`): then the client's copy is current and the answer is 304.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return header.split(",").some((tag) => opaque(tag) === wanted);
}
