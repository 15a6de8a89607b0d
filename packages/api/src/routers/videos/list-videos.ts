import { toVideoDto } from "@coherence/core";
import { sql } from "kysely";
import { authedProcedure } from "../../trpc/procedures";
import { decodeCursor, encodeCursor } from "./cursor";
import { listVideosMeta, ZListVideosInput, ZListVideosOutput } from "./list-videos.types";

/** The signed-in user's videos, newest first, one page at a time. */
export const listVideosRoute = authedProcedure
  .meta(listVideosMeta)
  .input(ZListVideosInput)
  .output(ZListVideosOutput)
  .query(async ({ ctx, input }) => {
    const after = input.cursor ? decodeCursor(input.cursor) : null;
    let query = ctx.deps.db
      .selectFrom("videos")
      .selectAll()
      .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("cursorAt"))
      // The video's own analysis, or the one it reuses for identical content.
      .select(
        sql<
          number | null
        >`(select a.coherence_score from analyses a where a.video_id = videos.id or a.id = videos.analysis_id limit 1)`.as(
          "coherenceScore",
        ),
      )
      .select(
        sql<
          string | null
        >`(select a.score_tier from analyses a where a.video_id = videos.id or a.id = videos.analysis_id limit 1)`.as(
          "scoreTier",
        ),
      )
      .where("userId", "=", ctx.user.id)
      .orderBy("createdAt", "desc")
      .orderBy("id", "desc")
      .limit(input.limit + 1);
    if (input.status) query = query.where("status", "=", input.status);
    if (after) {
      query = query.where(sql<boolean>`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
    }
    const rows = await query.execute();
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toVideoDto(row, row)),
      nextCursor: rows.length > input.limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
    };
  });
