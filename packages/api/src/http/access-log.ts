import type { Logger } from "@coherence/core";
import type { Request, RequestHandler, Response } from "express";
import type { LevelWithSilent } from "pino";
import { pino } from "pino";
// Types only: pino-http's declarations of `req.id` and `req.log`, which this middleware sets as it did.
import type {} from "pino-http";

export type AccessLogOptions = {
  logger: Logger;
  /** Serializers of the logged `req` and `res` (wrapped as pino-http wraps them). */
  serializers: { req: (req: never) => unknown; res: (res: never) => unknown };
  genReqId: (req: Request, res: Response) => string;
  level: (req: Request, res: Response, err?: Error) => LevelWithSilent;
  /** Requests that get no access line (probes, scrapes). */
  ignore: (req: Request) => boolean;
};

type LoggedRequest = Request & { id?: unknown; log?: Logger };

/**
 * The access log: one line per request, and `req.log` for handlers, written exactly as
 * pino-http wrote them (same fields, order, serializers, redaction and messages; pinned by
 * access-log.test.ts against pino-http itself). pino-http builds two child loggers per
 * request up front, serialising and redacting the request into each; under load that was
 * one of the API's largest costs per request. Here `req.log` is made only when a handler
 * uses it, and the access line carries the request in the line itself.
 */
export function accessLog(opts: AccessLogOptions): RequestHandler {
  const { stdSerializers } = pino;
  const logger = opts.logger.child(
    {},
    {
      serializers: {
        req: stdSerializers.wrapRequestSerializer(opts.serializers.req as never),
        res: stdSerializers.wrapResponseSerializer(opts.serializers.res as never),
        err: stdSerializers.wrapErrorSerializer(stdSerializers.err as never),
      },
    },
  );
  return (req: LoggedRequest, res, next) => {
    const start = Date.now();
    req.id = req.id || opts.genReqId(req, res);
    // The line is written after the response, when a closed socket no longer knows its peer:
    // reading the address now makes the socket keep it (pino-http serialised it at this point).
    void req.socket?.remoteAddress;
    let requestLogger: Logger | undefined;
    Object.defineProperty(req, "log", {
      configurable: true,
      enumerable: true,
      get: () => {
        requestLogger ??= logger.child({ req }).child({ requestId: req.id });
        return requestLogger;
      },
      set: (value: Logger) => {
        requestLogger = value;
      },
    });
    if (!opts.ignore(req)) {
      const done = (err?: Error) => {
        res.removeListener("close", done);
        res.removeListener("finish", done);
        res.removeListener("error", done);
        writeLine(req, res, err);
      };
      res.on("close", done);
      res.on("finish", done);
      res.on("error", done);
    }
    next();

    function writeLine(req: LoggedRequest, res: Response, err?: Error) {
      const level = opts.level(req, res, err);
      if (level === "silent") return;
      const responseTime = Date.now() - start;
      const failed = err || (res as Response & { err?: Error }).err || res.statusCode >= 500;
      if (failed) {
        const error =
          err || (res as Response & { err?: Error }).err || new Error(`failed with status code ${res.statusCode}`);
        logger[level]({ req, requestId: req.id, res, err: error, responseTime }, "request errored");
        return;
      }
      const message = !req.readableAborted && res.writableEnded ? "request completed" : "request aborted";
      logger[level]({ req, requestId: req.id, res, responseTime }, message);
    }
  };
}
