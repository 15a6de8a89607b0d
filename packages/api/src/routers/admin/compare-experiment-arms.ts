import { AppError } from "@coherence/shared";
import { sql } from "kysely";
import { adminProcedure } from "../../trpc/procedures";
import { ZCompareExperimentArmsInput, ZCompareExperimentArmsOutput } from "./compare-experiment-arms.types";
import { ZExperiment } from "./upsert-experiment.types";

type ArmRow = {
  arm: "control" | "treatment";
  analyses: number;
  avgCostUsd: number | null;
  avgLatencyMs: number | null;
  avgScore: number | null;
  finished: number;
  errors: number;
};

/** Admin: compares an experiment's arms on count, cost, latency, score and error rate. */
export const compareExperimentArmsRoute = adminProcedure
  .meta({
    openapi: {
      method: "GET",
      path: "/admin/experiments/{experimentKey}/arms",
      tags: ["admin"],
      summary: "Compare an experiment's arms",
      protect: true,
    },
  })
  .input(ZCompareExperimentArmsInput)
  .output(ZCompareExperimentArmsOutput)
  .query(async ({ ctx, input }) => {
    const db = ctx.deps.db;
    const experiment = await db
      .selectFrom("experiments")
      .select(["id", "key", "stage", "controlProvider", "treatmentProvider", "treatmentPercent", "active"])
      .where("key", "=", input.experimentKey)
      .executeTakeFirst();
    if (!experiment) throw new AppError("NOT_FOUND", `No experiment "${input.experimentKey}".`);
    // Per analysed video: its total provider cost, and the time spent in the arm's provider.
    const { rows } = await sql<ArmRow>`
      with arms as (
        select video_id, arm, provider from analysis_experiment_arms where experiment_id = ${experiment.id}
      ), usage as (
        select pu.video_id,
               sum(pu.cost_usd) as cost,
               sum(case when pu.provider = arms.provider then pu.latency_ms end) as latency
        from provider_usage pu join arms on arms.video_id = pu.video_id
        group by pu.video_id
      )
      select arms.arm,
             count(*)::int as analyses,
             avg(coalesce(usage.cost, 0))::float8 as avg_cost_usd,
             avg(usage.latency)::float8 as avg_latency_ms,
             avg(a.coherence_score)::float8 as avg_score,
             count(*) filter (where v.status in ('complete', 'error'))::int as finished,
             count(*) filter (where v.status = 'error')::int as errors
      from arms
      join videos v on v.id = arms.video_id
      left join analyses a on a.video_id = arms.video_id
      left join usage on usage.video_id = arms.video_id
      group by arms.arm
      order by arms.arm`.execute(db);
    const providerOf = { control: experiment.controlProvider, treatment: experiment.treatmentProvider };
    const arms = (["control", "treatment"] as const).map((arm) => {
      const r = rows.find((row) => row.arm === arm);
      return {
        arm,
        provider: providerOf[arm],
        analyses: r?.analyses ?? 0,
        avgCostUsd: Math.round((r?.avgCostUsd ?? 0) * 1e6) / 1e6,
        avgLatencyMs: r?.avgLatencyMs == null ? null : Math.round(r.avgLatencyMs),
        avgScore: r?.avgScore == null ? null : Math.round(r.avgScore * 10) / 10,
        errorRate: r && r.finished > 0 ? r.errors / r.finished : null,
      };
    });
    return { experiment: ZExperiment.parse(experiment), arms };
  });
