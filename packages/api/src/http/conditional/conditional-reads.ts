import type { Request, RequestHandler, Response } from "express";
import type { AppDeps } from "../../deps";
import { progressMinute, readAnalyticsVersion } from "../../reads/analytics-version";
import { rememberOwnedVideo, rememberVideosInProgress } from "../../reads/request-memo";
import { readResultsVersion } from "../../routers/videos/results-version";
import { authenticateRequest } from "../../trpc/context";
import { type CacheableRead, matchCacheableRead } from "./cacheable-reads";
import { etagOf, ifNoneMatchHits } from "./etag";
import { createResponseCache, type ResponseCache } from "./response-cache";

/**
 * The version of what `read` shows to `userId`, or null when there is nothing to validate.
 * The rows read for it are remembered for the procedure (reads/request-memo.ts).
 */
async function versionOf(deps: AppDeps, req: Request, userId: string, read: CacheableRead): Promise<string | null> {
  if (read.resource === "results") {
    const found = await readResultsVersion(deps.db, { userId, videoId: read.videoId });
    if (found) rememberOwnedVideo(req, found.video);
    return found?.version ?? null;
  }
  const { version, videosInProgress } = await readAnalyticsVersion(deps.db, { userId });
  rememberVideosInProgress(req, { userId, count: videosInProgress });
  // The progress window is counted back from the current minute: a new minute is a new version.
  return read.resource === "analytics.progress" ? `${version}:${progressMinute(deps.now?.() ?? new Date())}` : version;
}

/** Calls `onBody` with the whole body of a 200 response once it is sent, and sets the ETag on 200s only. */
function onOkResponse(res: Response, etag: string, onBody: (body: string) => void): void {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  const keep = (chunk: unknown) => {
    if (typeof chunk === "string") chunks.push(Buffer.from(chunk));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  (res as { writeHead: unknown }).writeHead = (...args: unknown[]) => {
    const status = typeof args[0] === "number" ? args[0] : res.statusCode;
    // Errors are never validated or cached: a client must not keep a 404 as current.
    if (status !== 200) {
      res.removeHeader("ETag");
      res.removeHeader("Cache-Control");
    }
    return writeHead(...args);
  };
  (res as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  };
  (res as { end: unknown }).end = (chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== "function") keep(chunk);
    const result = end(chunk, ...rest);
    if (res.statusCode === 200) onBody(Buffer.concat(chunks).toString("utf8"));
    return result;
  };
  res.setHeader("ETag", etag);
  res.setHeader("Cache-Control", "private, no-cache");
}

/**
 * Conditional GETs for the reads clients poll (a video's results, the analytics), over
 * REST and tRPC. One small version query (see resultsVersion, analyticsVersion) gives
 * the ETag: `If-None-Match` with it answers 304 with no body and no work; otherwise the
 * body kept for this version (per user and URL) is sent; otherwise the procedure answers
 * and its body is kept. The version comes from the database, so a re-score or a completed
 * analysis (by any worker) invalidates every API process's copy on the next read.
 * Anything unusual (no session, not the user's video, batch calls) goes to the procedure.
 */
export function conditionalReads(deps: AppDeps, opts: { cache: ResponseCache }): RequestHandler {
  return (req: Request, res: Response, next) => {
    const read = matchCacheableRead(req.method, req.originalUrl);
    if (!read) {
      next();
      return;
    }
    serve(req, res, read).then((answered) => {
      if (!answered) next();
    }, next);
  };

  async function serve(req: Request, res: Response, read: CacheableRead): Promise<boolean> {
    const auth = await authenticateRequest(req, deps);
    if (!auth) return false;
    const version = await versionOf(deps, req, auth.user.id, read);
    if (version === null) return false;
    const etag = etagOf([auth.user.id, read.resource, read.surface, version]);
    const hit = ifNoneMatchHits(req.headers["if-none-match"], etag);
    const key = `${auth.user.id} ${req.originalUrl}`;
    const cached = hit ? undefined : opts.cache.get(key, etag);
    if (hit || cached) {
      // Answered here, not by the procedure: count the call against the user's budget as it would.
      const budget = deps.userBudget.consume({
        bucket: "api:user",
        subject: auth.user.id,
        points: deps.config.RATE_LIMIT_API_MAX,
        windowSeconds: 60,
      });
      if (!budget.allowed) return false;
      res.setHeader("ETag", etag);
      res.setHeader("Cache-Control", "private, no-cache");
      if (hit) {
        res.statusCode = 304;
        res.end();
      } else if (cached) {
        res.statusCode = 200;
        res.setHeader("Content-Type", cached.contentType);
        res.end(cached.body);
      }
      return true;
    }
    onOkResponse(res, etag, (body) => {
      const contentType = String(res.getHeader("Content-Type") ?? "application/json");
      opts.cache.set(key, { etag, body, contentType });
    });
    return false;
  }
}

/** Per process: ~1 600 results bodies or ~30 000 analytics ones. */
const RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

/** The conditional-read middleware with its own response cache. */
export function conditionalReadsWithCache(deps: AppDeps): RequestHandler {
  return conditionalReads(deps, { cache: createResponseCache({ maxBytes: RESPONSE_CACHE_BYTES }) });
}
