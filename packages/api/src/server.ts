import type { Server } from "node:http";
import {
  type Config,
  createBatchedRateLimiter,
  createDb,
  createStorage,
  type Logger,
  registerPoolMetrics,
  resolveAuthSecret,
  type Storage,
} from "@coherence/core";
import type { AnyTRPCRouter } from "@trpc/server";
import type { AppDeps } from "./deps";
import { createApp } from "./http/app";
import { createSessionCache } from "./http/auth/session-cache";
import { createInFlight } from "./http/in-flight";

/**
 * Pending connections the kernel queues before the server accepts them. Node's default
 * (511) is below a burst of 1000 clients connecting at once: the rest wait for SYN
 * retransmits (1 s, 3 s, 7 s…) before they are even accepted. The kernel caps this at
 * net.core.somaxconn (4096 on current kernels).
 */
const LISTEN_BACKLOG = 4096;

/** How long uploads told to give up have to answer before their connections are cut. */
const UPLOAD_GIVE_UP_MS = 1_000;

export type ApiServer = { url: string; server: Server; deps: AppDeps; close: () => Promise<void> };

/**
 * Starts the HTTP server on an existing database. `close` stops accepting
 * connections and lets in-flight requests finish for up to SHUTDOWN_TIMEOUT_MS.
 * Then uploads still receiving are told to give up (they answer a retryable 503 and
 * delete what they wrote), any connection left is closed, and once every upload has
 * cleaned up, the pool is closed.
 */
export async function startApiServer(opts: {
  config: Config;
  logger: Logger;
  databaseUrl: string;
  port?: number;
  /** Replaces the app router (tests add procedures to exercise the error paths). */
  router?: AnyTRPCRouter;
  storage?: Storage;
}): Promise<ApiServer> {
  const { db, pool } = createDb({
    url: opts.databaseUrl,
    poolMax: opts.config.DB_POOL_MAX,
    applicationName: "coherence-api",
  });
  const unregisterPool = registerPoolMetrics(pool, "api");
  const deps: AppDeps = {
    config: opts.config,
    db,
    logger: opts.logger,
    storage: opts.storage ?? createStorage(opts.config),
    authSecret: resolveAuthSecret(opts.config),
    startedAt: new Date(),
    version: "0.1.0",
    inFlight: createInFlight(),
    sessions: createSessionCache({ ttlMs: opts.config.SESSION_CACHE_TTL_MS, max: 100_000 }),
    userBudget: createBatchedRateLimiter({
      db,
      onError: (err) => opts.logger.warn({ err }, "rate-limit flush failed; hits kept for the next one"),
    }),
  };
  const app = createApp(deps, { router: opts.router });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(opts.port ?? opts.config.API_PORT, opts.config.API_HOST, LISTEN_BACKLOG, (err?: Error) =>
      err ? reject(err) : resolve(s),
    );
    s.once("error", reject);
  });
  server.keepAliveTimeout = 65_000;
  // A large upload on a slow link outlasts Node's 5-minute whole-request limit; the upload
  // route closes connections that go idle instead (see http/videos/upload.ts).
  server.requestTimeout = 0;
  // While closing, a keep-alive connection is closed as soon as its last response is sent,
  // instead of holding shutdown until SHUTDOWN_TIMEOUT_MS.
  let draining = false;
  server.on("request", (_req, res) => {
    res.once("finish", () => {
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      let forceClose: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => {
        deps.inFlight.stop();
        // A moment for the uploads' 503s to go out before the sockets are cut.
        forceClose = setTimeout(() => server.closeAllConnections(), UPLOAD_GIVE_UP_MS);
      }, opts.config.SHUTDOWN_TIMEOUT_MS);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      clearTimeout(timer);
      clearTimeout(forceClose);
      // A cut connection's upload deletes its partial file after the socket is gone.
      await deps.inFlight.drained();
      await deps.userBudget.stop();
      unregisterPool();
      await db.destroy();
    })();
    return closing;
  };
  return { url: `http://${opts.config.API_HOST}:${port}`, server, deps, close };
}
