import { publicProcedure } from "../../trpc/procedures";
import { getHealthMeta, ZGetHealthInput, ZGetHealthOutput } from "./get-health.types";

/** Liveness: the process is up. Never touches the database. */
export const getHealthRoute = publicProcedure
  .meta(getHealthMeta)
  .input(ZGetHealthInput)
  .output(ZGetHealthOutput)
  .query(({ ctx }) => ({
    status: "ok" as const,
    version: ctx.deps.version,
    uptimeSeconds: Math.round((Date.now() - ctx.deps.startedAt.getTime()) / 1000),
  }));
