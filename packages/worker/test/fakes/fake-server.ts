import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer. `hang` never answers (for timeout tests). */
export type FakeReply =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string> }
  | { hang: true };

export type RecordedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
};

type Route = { method: string; pattern: RegExp; handler: (req: RecordedRequest, match: RegExpMatchArray) => FakeReply };

/**
 * A programmable HTTP server on loopback. Each route has a default handler; `queue`
 * pushes one-off replies (429, 500, malformed…) answered before the default.
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly queued = new Map<string, FakeReply[]>();
  private readonly server: Server;
  private readonly hanging = new Set<ServerResponse>();
  url = "";

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Registers the default answer for `METHOD /path-regex`. */
  on(method: string, pattern: RegExp, handler: Route["handler"]): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  /** Queues one-off replies for the route whose pattern source is `pattern.source`. */
  queue(method: string, pattern: RegExp, ...replies: FakeReply[]): this {
    const key = `${method} ${pattern.source}`;
    this.queued.set(key, [...(this.queued.get(key) ?? []), ...replies]);
    return this;
  }

  countOf(method: string, pattern: RegExp): number {
    return this.requests.filter((r) => r.method === method && pattern.test(r.path)).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    this.requests.push(recorded);
    const route = this.routes.find((r) => r.method === recorded.method && r.pattern.test(recorded.path));
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "no such route" }));
      return;
    }
    const key = `${route.method} ${route.pattern.source}`;
    const queued = this.queued.get(key);
    const reply = queued?.length ? queued.shift()! : route.handler(recorded, recorded.path.match(route.pattern)!);
    if ("hang" in reply) {
      this.hanging.add(res);
      res.on("close", () => this.hanging.delete(res));
      return;
    }
    const body = reply.text ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(body);
  }
}
