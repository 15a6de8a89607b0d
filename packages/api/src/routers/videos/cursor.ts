import { AppError } from "@coherence/shared";

/** Position after the last row of a page: its created_at (microsecond text, as Postgres has it) and id. */
export type VideoCursor = { createdAt: string; id: string };

const CREATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An opaque cursor for (created_at desc, id desc) pagination. */
export function encodeCursor(c: VideoCursor): string {
  return Buffer.from(`${c.createdAt}|${c.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): VideoCursor {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!createdAt || !id || !CREATED_AT.test(createdAt) || !UUID.test(id)) {
    // One code for every list (GET /videos and its alias /users/me/videos), naming the field.
    throw new AppError("BAD_REQUEST", "The cursor is not valid; start again from the first page.", {
      issues: [{ path: "cursor", message: "Use the nextCursor value from the previous page." }],
    });
  }
  return { createdAt, id };
}
