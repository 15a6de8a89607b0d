import { recallVideosInProgress } from "../../reads/request-memo";
import { authedProcedure } from "../../trpc/procedures";
import { computeOverview } from "./compute-overview";
import { getOverviewMeta, ZGetOverviewInput, ZGetOverviewOutput } from "./get-overview.types";
import { loadAnalysedTalks } from "./load-analysed-talks";

/** The dashboard's headline figures for the signed-in user. */
export const getOverviewRoute = authedProcedure
  .meta(getOverviewMeta)
  .input(ZGetOverviewInput)
  .output(ZGetOverviewOutput)
  .query(async ({ ctx }) => {
    const { db } = ctx.deps;
    const userId = ctx.user.id;
    const [talks, flagTypes, inProgress] = await Promise.all([
      loadAnalysedTalks(db, { userId }),
      db
        .selectFrom("dissonanceFlags as f")
        .innerJoin("analyses as a", "a.id", "f.analysisId")
        .innerJoin("videos as v", "v.id", "a.videoId")
        .where("v.userId", "=", userId)
        .where("v.status", "=", "complete")
        .groupBy("f.type")
        .select((eb) => [
          "f.type",
          eb.fn.countAll<string>().as("count"),
          eb.fn.sum<number>(eb("f.endSeconds", "-", eb.ref("f.startSeconds"))).as("totalSeconds"),
        ])
        .execute(),
      // Already counted for the ETag in this request (http/conditional), or counted now.
      recallVideosInProgress(ctx.req, userId) ??
        db
          .selectFrom("videos")
          .where("userId", "=", userId)
          .where("status", "in", ["queued", "processing"])
          .select((eb) => eb.fn.countAll<string>().as("count"))
          .executeTakeFirstOrThrow()
          .then((row) => Number(row.count)),
    ]);
    return computeOverview({
      talks,
      flagTypes: flagTypes.map((f) => ({ type: f.type, count: Number(f.count), totalSeconds: Number(f.totalSeconds) })),
      talksInProgress: inProgress,
    });
  });
