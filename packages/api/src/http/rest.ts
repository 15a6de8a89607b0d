import { reportError } from "@coherence/core";
import { AppError } from "@coherence/shared";
import type { AnyTRPCRouter } from "@trpc/server";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { createOpenApiExpressMiddleware } from "trpc-to-openapi";
import type { AppDeps } from "../deps";
import { createContextFactory } from "../trpc/context";
import { isAppErrorBody, toErrorBody } from "../trpc/errors";

/**
 * The REST adapter. trpc-to-openapi writes errors as `{ ...shape, code: <tRPC code> }`;
 * this lifts our `{ error, code, retryable }` from the formatter's `data` so that
 * REST and tRPC clients get the same error body.
 */
export function createRestHandler(deps: AppDeps, router: AnyTRPCRouter): RequestHandler {
  const handler = createOpenApiExpressMiddleware({
    router,
    createContext: createContextFactory(deps),
    onError: ({ error, ctx }) => {
      if (toErrorBody(error).expected) return;
      (ctx?.logger ?? deps.logger).error({ err: error }, "unexpected REST error");
      reportError(error, { userId: ctx?.user?.id, requestId: ctx?.requestId });
    },
    responseMeta: ({ errors }) => {
      const headers = (errors[0]?.cause as { headers?: Record<string, string> } | undefined)?.headers;
      return headers ? { headers } : {};
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    // The adapter decodes path parameters outside its own error handling: a malformed
    // escape such as "%E0%A4%A" would surface as a 500 instead of a client error.
    try {
      decodeURIComponent(req.path);
    } catch {
      next(new AppError("BAD_REQUEST", "The URL is not correctly percent-encoded."));
      return;
    }
    acceptEmptyBody(req);
    takeDeleteInputFromBody(req);
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    (res as { end: unknown }).end = (chunk?: unknown, ...rest: unknown[]) => {
      if (res.statusCode >= 400 && typeof chunk === "string") {
        try {
          const parsed = JSON.parse(chunk) as { data?: unknown };
          if (isAppErrorBody(parsed.data)) {
            const { error, code, retryable, issues } = parsed.data;
            chunk = JSON.stringify(issues ? { error, code, retryable, issues } : { error, code, retryable });
            if (!res.headersSent) res.setHeader("Content-Length", Buffer.byteLength(chunk as string));
          }
        } catch {
          // not JSON: leave it as it is
        }
      }
      return end(chunk, ...rest);
    };
    handler(req, res).catch(next);
  };
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/**
 * A POST, PUT or PATCH that sends no body at all stands for an empty input: the adapter
 * would answer 415 "Missing content-type" although the document marks such bodies optional
 * (POST /auth/logout with only a bearer token). The procedure's schema still decides.
 */
function acceptEmptyBody(req: Request): void {
  if (!BODY_METHODS.has(req.method) || req.headers["content-type"] || req.headers["transfer-encoding"]) return;
  const length = req.headers["content-length"];
  if (length === undefined || length === "0") req.headers["content-type"] = "application/json";
}

/**
 * trpc-to-openapi reads a DELETE's input from the query string only. A confirmation
 * password (DELETE /users/me) must not travel in a URL, which access logs and proxies keep:
 * a DELETE's JSON body is read as its input too (the document says so, see openapi.ts).
 */
function takeDeleteInputFromBody(req: Request): void {
  const body: unknown = req.body;
  if (req.method !== "DELETE" || typeof body !== "object" || body === null || Array.isArray(body)) return;
  Object.defineProperty(req, "query", { value: { ...req.query, ...body }, configurable: true, enumerable: true });
}
