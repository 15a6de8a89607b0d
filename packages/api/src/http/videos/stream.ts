import { pipeline } from "node:stream/promises";
import { type Logger, VIDEO_NOT_FOUND, type VideoRow } from "@coherence/core";
import { AppError } from "@coherence/shared";
import type { Request, RequestHandler, Response } from "express";
import type { AppDeps } from "../../deps";
import { verifyStreamSignature } from "../../routers/videos/stream-signature";
import { authenticateRequest } from "../../trpc/context";
import { toErrorBody } from "../../trpc/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Presigned GETs for a redirect live just long enough to be followed. */
const REDIRECT_TTL_SECONDS = 120;

export type ByteRange = { start: number; end: number };

/**
 * Parses a Range header against a size. Returns null for no (or an ignorable)
 * Range, which means "send it all"; "unsatisfiable" for a range outside the file.
 * Several ranges are answered with the whole file, which RFC 9110 allows.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a, b] = m;
  if (a === "" && b === "") return null;
  if (a === "") {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || (b !== "" && Number(b) < start)) return "unsatisfiable";
  return { start, end };
}

function sendError(res: Response, err: unknown, log: Logger, extraHeaders?: Record<string, string>): void {
  const { status, body, expected, headers } = toErrorBody(err);
  if (!expected) log.error({ err }, "stream failed unexpectedly");
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.set({ ...headers, ...extraHeaders, "Cache-Control": "no-store" });
  res.status(status).json(body);
}

/** The video the request may stream: by access token (owner only) or by a signed URL. */
async function authorisedVideo(deps: AppDeps, req: Request): Promise<VideoRow> {
  const id = String(req.params.id ?? "");
  const notFound = new AppError("NOT_FOUND", VIDEO_NOT_FOUND);
  if (!UUID.test(id)) throw notFound;
  const { expires, signature } = req.query;
  if (typeof signature === "string" && typeof expires === "string") {
    const row = await deps.db.selectFrom("videos").selectAll().where("id", "=", id).executeTakeFirst();
    const valid =
      row &&
      verifyStreamSignature({
        secret: deps.authSecret,
        videoId: id,
        userId: row.userId,
        expires: Number(expires),
        signature,
      });
    if (!valid) {
      throw new AppError(
        "FORBIDDEN",
        "This stream link is invalid or has expired. Ask for a new one (videos.streamUrl).",
      );
    }
    return row;
  }
  const user = (await authenticateRequest(req, deps))?.user;
  if (!user) {
    throw new AppError("UNAUTHORIZED", "Sign in, or use a signed stream URL (videos.streamUrl), to watch this video.");
  }
  const row = await deps.db
    .selectFrom("videos")
    .selectAll()
    .where("id", "=", id)
    .where("userId", "=", user.id)
    .executeTakeFirst();
  if (!row) throw notFound;
  return row;
}

/**
 * GET /api/videos/{id}/stream. Local storage: the bytes, with HTTP Range (206 and
 * Content-Range; 416 when unsatisfiable), streamed from disk. S3: a redirect to a
 * short-lived presigned GET. Accepts an access token or a signed URL.
 */
export function streamVideoHandler(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const log = ((req as Request & { log?: Logger }).log ?? deps.logger).child({ videoId: req.params.id });
    try {
      const video = await authorisedVideo(deps, req);
      if (!video.storageKey) throw new AppError("NOT_FOUND", "This video has no stored file.");
      if (deps.storage.presigned) {
        const url = await deps.storage.presigned.presignGet(video.storageKey, {
          expiresInSeconds: REDIRECT_TTL_SECONDS,
          downloadName: video.originalFilename || undefined,
        });
        res.set("Cache-Control", "private, no-store");
        res.redirect(302, url);
        return;
      }
      const head = await deps.storage.head(video.storageKey);
      if (!head) throw new AppError("NOT_FOUND", "This video's file is missing.");
      const range = parseRange(req.headers.range, head.size);
      if (range === "unsatisfiable") {
        sendError(
          res,
          new AppError("RANGE_NOT_SATISFIABLE", `The requested range is outside the file (${head.size} bytes).`),
          log,
          { "Content-Range": `bytes */${head.size}` },
        );
        return;
      }
      res.set({
        "Accept-Ranges": "bytes",
        "Content-Type": video.contentType || "application/octet-stream",
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      });
      if (range) {
        res.status(206);
        res.set("Content-Range", `bytes ${range.start}-${range.end}/${head.size}`);
        res.set("Content-Length", String(range.end - range.start + 1));
      } else {
        res.status(200);
        res.set("Content-Length", String(head.size));
      }
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      const body = await deps.storage.get(video.storageKey, range ?? undefined);
      await pipeline(body, res).catch((err: NodeJS.ErrnoException) => {
        // A player that seeks or stops closes the connection mid-range: expected.
        if (err.code !== "ERR_STREAM_PREMATURE_CLOSE") throw err;
      });
    } catch (err) {
      sendError(res, err, log);
    }
  };
}
