import { listMigrationNames } from "@coherence/core";
import type { Router } from "express";
import express from "express";
import { sql } from "kysely";
import type { AppDeps } from "../deps";
import { createReadinessCheck } from "./readiness";

/** `/healthz`: the process is alive. `/readyz`: the database answers and every migration is applied. */
export function healthRoutes(deps: AppDeps): Router {
  const r = express.Router();
  const readiness = createReadinessCheck({
    query: async (text) => (await sql.raw<{ name: string }>(text).execute(deps.db)) as { rows: { name: string }[] },
    migrationNames: listMigrationNames(),
    refreshMs: deps.config.READYZ_MIGRATIONS_CACHE_MS,
  });
  r.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  r.get("/readyz", async (req, res) => {
    try {
      const answer = await readiness();
      if (!answer.ready) {
        res.status(503).json({
          error: `Database migrations are pending (${answer.pending.join(", ")}). Run \`pnpm migrate\`.`,
          code: "SERVICE_UNAVAILABLE",
          retryable: true,
        });
        return;
      }
      res.json({ status: "ready" });
    } catch (err) {
      req.log?.warn({ err }, "readiness check failed");
      res.status(503).json({ error: "The database is unreachable.", code: "SERVICE_UNAVAILABLE", retryable: true });
    }
  });
  return r;
}
