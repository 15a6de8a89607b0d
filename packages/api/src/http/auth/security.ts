import cors from "cors";
import type { RequestHandler } from "express";
import helmet from "helmet";
import type { AppDeps } from "../../deps";
import { CSRF_HEADER } from "./cookies";

// The interactive docs and the tRPC panel are HTML apps with inline scripts and
// styles; everything else the API serves is JSON and gets the strictest policy.
const HTML_TOOLS = /^\/(api\/docs|trpc-panel)(\/|$)/;

/**
 * Security headers (helmet) and the CORS allowlist. Only origins in
 * config.corsOrigins may call the API from a browser, with credentials (cookies).
 */
export function securityMiddleware(deps: AppDeps): RequestHandler[] {
  const strict = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"] },
    },
    strictTransportSecurity: deps.config.isProduction,
  });
  const relaxed = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'", "https:"],
        imgSrc: ["'self'", "data:", "https:"],
        fontSrc: ["'self'", "data:", "https:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    strictTransportSecurity: deps.config.isProduction,
  });
  const allowed = new Set(deps.config.corsOrigins);
  const corsHandler = cors({
    origin: (origin, callback) => callback(null, origin === undefined || allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ["content-type", "authorization", CSRF_HEADER, "x-request-id", "range"],
    exposedHeaders: ["x-request-id", "retry-after", "content-range", "accept-ranges", "content-length"],
    maxAge: 600,
  });
  return [(req, res, next) => (HTML_TOOLS.test(req.path) ? relaxed : strict)(req, res, next), corsHandler];
}
