import { AppError, type TVideoStatus } from "@coherence/shared";
import { sql } from "kysely";
import { authedProcedure } from "../../trpc/procedures";
import { listMyVideosMeta, ZListMyVideosInput, ZListMyVideosOutput } from "./list-my-videos.types";

type Cursor = { t: string; id: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Postgres keeps microseconds; the cursor carries the timestamp as Postgres prints it
// so that paging never skips or repeats rows created within the same millisecond.
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    if (typeof c.t === "string" && PG_TIMESTAMP.test(c.t) && typeof c.id === "string" && UUID.test(c.id)) return c;
  } catch {
    // fall through
  }
  throw new AppError("VALIDATION_FAILED", "Invalid input: cursor: Use the nextCursor value from the previous page.", {
    issues: [{ path: "cursor", message: "Use the nextCursor value from the previous page." }],
  });
}

/** The signed-in user's videos, newest first, keyset-paginated on (created_at, id). */
export const listMyVideosRoute = authedProcedure
  .meta(listMyVideosMeta)
  .input(ZListMyVideosInput)
  .output(ZListMyVideosOutput)
  .query(async ({ ctx, input }) => {
    const cursor = input.cursor ? decodeCursor(input.cursor) : undefined;
    let q = ctx.deps.db
      .selectFrom("videos")
      .selectAll()
      .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("cursorTime"))
      .where("userId", "=", ctx.user.id)
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .limit(input.limit + 1);
    if (cursor) {
      q = q.where(sql<boolean>`(created_at, id) < (${cursor.t}::timestamptz, ${cursor.id}::uuid)`);
    }
    const rows = await q.execute();
    const page = rows.slice(0, input.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((v) => ({
        id: v.id,
        title: v.title,
        originalFilename: v.originalFilename,
        contentType: v.contentType,
        sizeBytes: Number(v.sizeBytes),
        durationSeconds: v.durationSeconds,
        status: v.status as TVideoStatus,
        stage: v.stage,
        progress: v.progress,
        error: v.errorCode
          ? { code: v.errorCode, message: v.errorMessage ?? "", retryable: v.errorRetryable ?? false }
          : null,
        createdAt: new Date(v.createdAt).toISOString(),
        updatedAt: new Date(v.updatedAt).toISOString(),
      })),
      nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.cursorTime, id: last.id }) : null,
    };
  });
