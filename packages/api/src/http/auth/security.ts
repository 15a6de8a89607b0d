import { CSRF_HEADER } from "@coherence/shared";
import cors from "cors";
import type { RequestHandler } from "express";
import helmet from "helmet";
import type { AppDeps } from "../../deps";
import { TUS_REQUEST_HEADERS, TUS_RESPONSE_HEADERS } from "../uploads/tus-headers";

// The interactive docs and the tRPC panel are HTML apps with inline scripts and
// styles; the panel (development only) also compiles validators with `new Function`.
// Everything else the API serves is JSON and gets the strictest policy.
const STREAM = /^\/api(\/v1)?\/videos\/[^/]+\/stream$/;
const DOCS = /^\/api\/docs(\/|$)/;
const PANEL = /^\/trpc-panel(\/|$)/;
// Auth.js's own pages (provider buttons, errors) post forms that redirect to the
// provider, which form-action 'self' would block.
const AUTH_PAGES = /^\/api\/auth\/oauth\/(signin|signout|error)(\/|$)/;

/**
 * Security headers (helmet) and the CORS allowlist. Only origins in
 * config.corsOrigins may call the API from a browser, with credentials (cookies).
 */
export function securityMiddleware(deps: AppDeps): RequestHandler[] {
  const strictOptions = {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'self'"] },
    },
    strictTransportSecurity: deps.config.isProduction,
  };
  const strict = helmet(strictOptions);
  // The web app (another origin in production, a CDN) plays the stream in a <video>; the
  // default same-origin resource policy would block it. The stream is protected by its signature.
  const media = helmet({ ...strictOptions, crossOriginResourcePolicy: { policy: "cross-origin" } });
  const relaxed = (opts: { eval: boolean; anyFormAction?: boolean }) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'", ...(opts.eval ? ["'unsafe-eval'"] : [])],
          styleSrc: ["'self'", "'unsafe-inline'", "https:"],
          imgSrc: ["'self'", "data:", "https:"],
          fontSrc: ["'self'", "data:", "https:"],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          ...(opts.anyFormAction ? {} : { formAction: ["'self'"] }),
        },
      },
      strictTransportSecurity: deps.config.isProduction,
    });
  const allowed = new Set(deps.config.corsOrigins);
  const corsHandler = cors({
    origin: (origin, callback) => callback(null, origin === undefined || allowed.has(origin) ? origin : false),
    credentials: true,
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ["content-type", "authorization", CSRF_HEADER, "x-request-id", "range", ...TUS_REQUEST_HEADERS],
    exposedHeaders: [
      "x-request-id",
      "retry-after",
      "content-range",
      "accept-ranges",
      "content-length",
      "deprecation",
      "link",
      ...TUS_RESPONSE_HEADERS,
    ],
    maxAge: 600,
  });
  const docs = relaxed({ eval: false });
  const panel = relaxed({ eval: true });
  const authPages = relaxed({ eval: false, anyFormAction: true });
  const pick = (path: string) =>
    DOCS.test(path)
      ? docs
      : PANEL.test(path)
        ? panel
        : AUTH_PAGES.test(path)
          ? authPages
          : STREAM.test(path)
            ? media
            : strict;
  return [(req, res, next) => pick(req.path)(req, res, next), corsHandler];
}
