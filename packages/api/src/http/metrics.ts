import {
  httpRequestDuration,
  httpRequestsInFlight,
  httpRequestsTotal,
  renderMetrics,
  runWithRequestContext,
} from "@coherence/core";
import type { AnyTRPCRouter } from "@trpc/server";
import type { Request, RequestHandler } from "express";

/** The label for requests that match no known route (404s, scanners): one bucket, bounded cardinality. */
export const UNMATCHED_ROUTE = "(unmatched)";

type PathTemplate = { method: string; pattern: RegExp; template: string };

/** Turns OpenAPI path templates (`/videos/{id}`) into matchers, most specific first. */
function compileTemplates(paths: Record<string, object | undefined>): PathTemplate[] {
  const out: PathTemplate[] = [];
  for (const [template, ops] of Object.entries(paths)) {
    const pattern = new RegExp(
      `^${template
        .split(/(\{[^}]+\})/)
        .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
        .join("")}/?$`,
    );
    for (const method of Object.keys(ops ?? {})) out.push({ method: method.toUpperCase(), pattern, template });
  }
  // Literal segments beat parameters: `/videos/upload` before `/videos/{id}`.
  return out.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
}

/**
 * Builds the function that names a request's route for metrics: the Express route
 * pattern, the tRPC procedure path, or the OpenAPI path template, never the raw URL
 * (ids in URLs would make one time series per video). Driven by the router and the
 * OpenAPI document, so procedures added later are labelled without changes here.
 */
export function createRouteLabeler(opts: {
  router: AnyTRPCRouter;
  openApiPaths: Record<string, object | undefined>;
  restPrefixes?: string[];
}): (req: Request) => string {
  const procedures = new Set(Object.keys(opts.router._def.procedures as Record<string, unknown>));
  const templates = compileTemplates(opts.openApiPaths);
  const prefixes = (opts.restPrefixes ?? ["/api/v1", "/api"]).sort((a, b) => b.length - a.length);
  return (req) => {
    const path = (req.originalUrl ?? req.url).split("?")[0] ?? "/";
    if (path.startsWith("/trpc/")) {
      const names = decodeURIComponent(path.slice(6)).split(",");
      if (names.length > 1) return names.every((n) => procedures.has(n)) ? "/trpc/(batch)" : UNMATCHED_ROUTE;
      return procedures.has(names[0] ?? "") ? `/trpc/${names[0]}` : UNMATCHED_ROUTE;
    }
    // An Express route matched (health, readiness, the OpenAPI document): its pattern.
    const route = (req as Request & { route?: { path?: unknown } }).route;
    if (route && typeof route.path === "string") return `${req.baseUrl ?? ""}${route.path}`;
    for (const prefix of prefixes) {
      if (path !== prefix && !path.startsWith(`${prefix}/`)) continue;
      const rest = path.slice(prefix.length) || "/";
      if (prefix === "/api" && rest.startsWith("/docs")) return "/api/docs";
      const hit = templates.find((t) => t.method === req.method && t.pattern.test(rest));
      return hit ? `${prefix}${hit.template}` : UNMATCHED_ROUTE;
    }
    return UNMATCHED_ROUTE;
  };
}

/**
 * Counts and times every request by method, route pattern and status; also runs
 * the rest of the request inside its request context so that jobs enqueued while
 * serving it carry its `requestId`.
 */
export function httpMetricsMiddleware(routeOf: (req: Request) => string): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    httpRequestsInFlight.inc();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      httpRequestsInFlight.dec();
      // A client that hangs up before the response is counted as 499, the nginx convention.
      const status = res.writableFinished ? String(res.statusCode) : "499";
      const labels = { method: req.method, route: routeOf(req), status_code: status };
      httpRequestsTotal.inc(labels);
      httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    };
    res.once("finish", finish);
    res.once("close", finish);
    const requestId = String((req as Request & { id?: unknown }).id ?? "");
    if (requestId) runWithRequestContext({ requestId }, next);
    else next();
  };
}

/**
 * `GET /metrics` in the Prometheus text format. With a token configured, the
 * scraper must send `Authorization: Bearer <token>`; anyone else gets a 404.
 */
export function metricsHandler(opts: { token?: string } = {}): RequestHandler {
  return async (req, res, next) => {
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      next();
      return;
    }
    try {
      const { contentType, body } = await renderMetrics();
      res.setHeader("Content-Type", contentType);
      res.setHeader("Cache-Control", "no-store");
      res.send(body);
    } catch (err) {
      next(err);
    }
  };
}
