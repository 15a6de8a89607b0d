import type { Logger } from "@coherence/core";
import type { Request, Response } from "express";
import type { AppDeps } from "../deps";

/** The per-request context every procedure receives. */
export type Context = {
  deps: AppDeps;
  logger: Logger;
  requestId: string;
  req?: Request;
  res?: Response;
};

/** Builds the context from an Express request; pino-http has already attached `req.log` and `req.id`. */
export function createContextFactory(deps: AppDeps) {
  return ({ req, res }: { req: Request; res: Response }): Context => ({
    deps,
    logger: (req as Request & { log?: Logger }).log ?? deps.logger,
    requestId: String(req.id ?? ""),
    req,
    res,
  });
}

/** A context for direct calls (tests, the CLI): no HTTP request behind it. */
export function createInternalContext(deps: AppDeps, overrides: Partial<Context> = {}): Context {
  return { deps, logger: deps.logger, requestId: "internal", ...overrides };
}
