import { randomUUID } from "node:crypto";
import { reportError } from "@coherence/core";
import { AppError } from "@coherence/shared";
import type { AnyTRPCRouter } from "@trpc/server";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express, { type ErrorRequestHandler, type Express } from "express";
import swaggerUi from "swagger-ui-express";
import { oauthRoutes } from "../auth/oauth";
import type { AppDeps } from "../deps";
import { buildOpenApiDocument } from "../openapi";
import { appRouter } from "../router";
import { createContextFactory } from "../trpc/context";
import { toErrorBody } from "../trpc/errors";
import { accessLog } from "./access-log";
import { securityMiddleware } from "./auth/security";
import { conditionalReadsWithCache } from "./conditional/conditional-reads";
import { healthRoutes } from "./health";
import { jsonDepthExceeds, MAX_JSON_DEPTH } from "./json-depth";
import { legacyAliasHeaders, routeAliases } from "./legacy-alias";
import { redactRequest, slimResponse } from "./log-redaction";
import { createRouteLabeler, httpMetricsMiddleware, metricsHandler } from "./metrics";
import { createRestHandler } from "./rest";
import { renderPanelHtml } from "./trpc-panel";
import { RESUMABLE_UPLOAD_PATH, resumableUploadHandler } from "./uploads/resumable";
import { withRawVideoRoutes } from "./videos/openapi-paths";
import { streamVideoHandler } from "./videos/stream";
import { uploadVideoHandler } from "./videos/upload";

const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/** body-parser's verify hook: a body nested too deeply is a 400 before it is parsed. */
function refuseDeepJson(_req: unknown, _res: unknown, raw: Buffer): void {
  if (jsonDepthExceeds(raw, MAX_JSON_DEPTH)) {
    throw new AppError("BAD_REQUEST", `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
  }
}
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the Express app: health, tRPC at /trpc, REST at /api/v1 and /api, docs, and one error handler. */
export function createApp(deps: AppDeps, opts: { router?: AnyTRPCRouter } = {}): Express {
  const router = opts.router ?? appRouter;
  const app = express();
  app.disable("x-powered-by");
  // Only the proxies TRUST_PROXY names may set X-Forwarded-For (default: none).
  app.set("trust proxy", deps.config.trustProxy);

  app.use(
    accessLog({
      logger: deps.logger,
      serializers: { req: redactRequest, res: slimResponse },
      genReqId: (req, res) => {
        const incoming = req.headers["x-request-id"];
        const id = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader("x-request-id", id);
        return id;
      },
      level: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
      ignore: (req) => req.url === "/healthz" || req.url === "/readyz" || req.url === "/metrics",
    }),
  );

  app.use(securityMiddleware(deps));
  app.use(legacyAliasHeaders());
  app.use(routeAliases());
  const openApiDocument = withRawVideoRoutes(buildOpenApiDocument(`${deps.config.publicApiUrl}/api/v1`));
  // Scrapes are not counted as traffic: /metrics sits before the HTTP metrics middleware.
  app.get("/metrics", metricsHandler({ token: deps.config.METRICS_TOKEN }));
  app.use(httpMetricsMiddleware(createRouteLabeler({ router, openApiPaths: openApiDocument.paths ?? {} })));

  app.use(healthRoutes(deps));
  // ETag / 304 and a per-version response cache for results and analytics (REST and tRPC).
  app.use(conditionalReadsWithCache(deps));

  app.use(
    "/trpc",
    createExpressMiddleware({
      router,
      createContext: createContextFactory(deps),
      maxBodySize: JSON_BODY_LIMIT_BYTES,
      // An AppError's headers (Retry-After on 429) reach tRPC clients too.
      responseMeta: ({ errors }) => {
        const headers = (errors[0]?.cause as { headers?: Record<string, string> } | undefined)?.headers;
        return headers ? { headers } : {};
      },
      onError: ({ error, path, ctx }) => {
        const { expected } = toErrorBody(error);
        if (expected) return;
        (ctx?.logger ?? deps.logger).error({ err: error, path }, "unexpected tRPC error");
        reportError(error, { userId: ctx?.user?.id, requestId: ctx?.requestId });
      },
    }),
  );

  app.get("/api/v1/openapi.json", (_req, res) => {
    res.json(openApiDocument);
  });
  app.use("/api/docs", swaggerUi.serve, swaggerUi.setup(openApiDocument, { customSiteTitle: "Coherence API" }));

  if (!deps.config.isProduction) {
    app.get("/trpc-panel", async (_req, res) => {
      res.type("html").send(await renderPanelHtml(router));
    });
  }

  // Auth.js parses its own bodies; it must come before the REST adapter, which owns /api/auth/*.
  app.use("/api/auth/oauth", oauthRoutes(deps));
  // Raw-byte video routes, before the JSON body parser and the REST adapter.
  app.post(["/api/v1/videos/upload", "/api/videos/upload"], uploadVideoHandler(deps));
  app.get(["/api/v1/videos/:id/stream", "/api/videos/:id/stream"], streamVideoHandler(deps));
  app.all([RESUMABLE_UPLOAD_PATH, `${RESUMABLE_UPLOAD_PATH}/:id`], resumableUploadHandler(deps));

  app.use(express.json({ limit: JSON_BODY_LIMIT_BYTES, verify: refuseDeepJson }));
  const rest = createRestHandler(deps, router);
  app.use("/api/v1", rest);
  app.use("/api", rest);

  app.use((_req, res) => {
    res
      .status(404)
      .json({ error: "No such endpoint. See /api/docs for the API reference.", code: "NOT_FOUND", retryable: false });
  });

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const { status, body, expected, headers } = toErrorBody(err);
    if (!expected) {
      req.log?.error({ err }, "unexpected error");
      reportError(err, { requestId: String(req.id ?? "") });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (headers) res.set(headers);
    res.status(status).json(body);
  };
  app.use(onError);
  return app;
}
