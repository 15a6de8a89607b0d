import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { pino } from "pino";
import { pinoHttp } from "pino-http";
import { beforeAll, describe, expect, it } from "vitest";
import { accessLog } from "./access-log";
import { redactRequest, slimResponse } from "./log-redaction";

/** A root logger configured as the API's (core's createLogger: name, redaction) writing into `lines`. */
function collectingLogger(lines: Record<string, unknown>[]) {
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return pino(
    {
      name: "api",
      level: "info",
      redact: { paths: ["req.headers.authorization", "*.password", "*.token"], censor: "[redacted]" },
    },
    stream,
  );
}

const config = {
  serializers: { req: redactRequest, res: slimResponse },
  genReqId: (req: express.Request, res: express.Response) => {
    const id = String(req.headers["x-request-id"] ?? "generated");
    res.setHeader("x-request-id", id);
    return id;
  },
  level: (_req: express.Request, res: express.Response, err?: Error) =>
    err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info",
  ignore: (req: express.Request) => req.url === "/healthz",
} as const;

/** The same small app behind either access logger. */
function app(logging: RequestHandler) {
  const a = express();
  a.use(logging);
  const api = express.Router();
  api.get("/videos/:id", (req, res) => {
    (req as express.Request & { log: pino.Logger }).log.info(
      { videoId: req.params.id, user: { token: "secret" } },
      "handler line",
    );
    res.json({ ok: true });
  });
  api.get("/missing", (_req, res) => {
    res.status(404).json({ error: "nope" });
  });
  api.get("/boom", () => {
    throw new Error("boom");
  });
  a.use("/api/v1", api);
  a.get("/healthz", (_req, res) => {
    res.send("ok");
  });
  const onError: ErrorRequestHandler = (_err, _req, res, _next) => {
    res.status(500).json({ error: "unexpected" });
  };
  a.use(onError);
  return a;
}

async function run(logging: (logger: pino.Logger) => RequestHandler) {
  const lines: Record<string, unknown>[] = [];
  const server = app(logging(collectingLogger(lines))).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { "user-agent": "probe/1", authorization: "Bearer abc" };
  for (const path of ["/api/v1/videos/v1?token=t&x=1", "/api/v1/missing", "/api/v1/boom", "/healthz"]) {
    await (await fetch(`${base}${path}`, { headers: { ...headers, "x-request-id": `id-${path.length}` } })).text();
  }
  await new Promise((r) => server.close(r));
  await new Promise((r) => setTimeout(r, 20));
  // Times, durations, the peer's port and error stacks differ from run to run.
  return lines.map((line) => {
    const { time: _time, responseTime, err, req, ...rest } = line;
    return {
      ...rest,
      // The field order of the line, not just its fields.
      order: Object.keys(line).join(),
      responseTime: typeof responseTime,
      req: { ...(req as object), remotePort: undefined },
      err: err ? { ...(err as object), stack: typeof (err as { stack?: unknown }).stack } : undefined,
    };
  });
}

describe("accessLog", () => {
  let before: unknown[];
  let after: unknown[];
  beforeAll(async () => {
    // pino-http as app.ts configured it before.
    before = await run((logger) =>
      pinoHttp({
        logger,
        serializers: config.serializers,
        genReqId: config.genReqId,
        customLogLevel: config.level,
        autoLogging: { ignore: config.ignore },
        customProps: (req) => ({ requestId: req.id }),
      }),
    );
    after = await run((logger) => accessLog({ logger, ...config }));
  });

  it("writes exactly the lines pino-http wrote: access lines, handler lines through req.log, levels, errors", () => {
    expect(before.length).toBe(4);
    expect(after).toEqual(before);
  });

  it("keeps secrets out of both (query values, authorization, a token field)", () => {
    const text = JSON.stringify(after);
    expect(text).not.toContain("Bearer abc");
    expect(text).not.toContain("secret");
    expect(text).toContain("token=[redacted]");
  });
});
