import { type Logger, verifyAccessToken } from "@coherence/core";
import type { Request, Response } from "express";
import type { AppDeps } from "../deps";

/** The signed-in user, as far as the access token says. */
export type SessionUser = { id: string; role: "user" | "admin" };

/** The per-request context every procedure receives. */
export type Context = {
  deps: AppDeps;
  logger: Logger;
  requestId: string;
  user: SessionUser | null;
  req?: Request;
  res?: Response;
};

/** Reads `Authorization: Bearer <jwt>` and returns the user it names, or null. */
export async function authenticateRequest(req: Request, secret: string): Promise<SessionUser | null> {
  const header = req.headers.authorization;
  if (!header?.startsWith("Bearer ")) return null;
  const claims = await verifyAccessToken(header.slice(7).trim(), { secret });
  return claims ? { id: claims.userId, role: claims.role } : null;
}

/** Builds the context from an Express request; pino-http has already attached `req.log` and `req.id`. */
export function createContextFactory(deps: AppDeps) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<Context> => {
    const user = await authenticateRequest(req, deps.authSecret);
    const base = (req as Request & { log?: Logger }).log ?? deps.logger;
    return {
      deps,
      logger: user ? base.child({ userId: user.id }) : base,
      requestId: String(req.id ?? ""),
      user,
      req,
      res,
    };
  };
}

/** A context for direct calls (tests, the CLI): no HTTP request behind it. */
export function createInternalContext(deps: AppDeps, overrides: Partial<Context> = {}): Context {
  return { deps, logger: deps.logger, requestId: "internal", user: null, ...overrides };
}
