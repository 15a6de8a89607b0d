import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { consumeRateLimit, createResumableUploadStore, type Logger } from "@coherence/core";
import {
  AppError,
  CSRF_HEADER,
  filenameProblem,
  formatBytes,
  isAcceptableVideoContentType,
  ZTitleInput,
} from "@coherence/shared";
import { Server } from "@tus/server";
import type { Request, RequestHandler, Response } from "express";
import type { AppDeps } from "../../deps";
import { authenticateRequest } from "../../trpc/context";
import { toErrorBody } from "../../trpc/errors";
import { assertCsrf } from "../../trpc/procedures";
import { registerResumableUpload } from "./register-resumable";

/** The tus endpoint, under the versioned REST prefix. */
export const RESUMABLE_UPLOAD_PATH = "/api/v1/uploads/resumable";

/** Uploads a user may start per hour (each holds disk space until it finishes or expires). */
const CREATES_PER_HOUR = 60;

type Caller = { userId: string; requestId: string; log: Logger };

/** An upload id names its owner, so that ownership is checked without a lookup: `<userId>.<videoId>`. */
const UPLOAD_ID = /^([0-9a-f-]{36})\.([0-9a-f-]{36})$/;

function tusError(err: unknown, log: Logger): { status_code: number; body: string } {
  const { status, body, expected } = toErrorBody(err);
  if (!expected) log.error({ err }, "resumable upload failed unexpectedly");
  return { status_code: status, body: JSON.stringify(body) };
}

function sendError(res: Response, err: unknown, log: Logger): void {
  const { status, body, expected, headers } = toErrorBody(err);
  if (!expected) log.error({ err }, "resumable upload refused unexpectedly");
  if (headers) res.set(headers);
  res.status(status).json(body);
}

/** What the client declares when it creates an upload, checked before any byte is stored. */
function checkMetadata(metadata: Record<string, string | null | undefined>): void {
  const problem = filenameProblem(metadata.filename ?? "");
  if (problem) throw new AppError("BAD_REQUEST", problem);
  const type = metadata.filetype || "application/octet-stream";
  if (!isAcceptableVideoContentType(type)) {
    throw new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      `The file was sent as ${JSON.stringify(type)}, which is not a video type. Upload a video file (MP4, MOV or WebM).`,
    );
  }
  if (metadata.title) {
    const parsed = ZTitleInput.safeParse(metadata.title);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message ?? "The title is not valid.";
      throw new AppError("VALIDATION_FAILED", `Invalid input: title: ${message}`, {
        issues: [{ path: "title", message }],
      });
    }
  }
}

/**
 * Resumable uploads (the tus protocol, through @tus/server with a file store) for
 * signed-in users: an interrupted upload continues from the last byte the server
 * acknowledged. Auth, CSRF, the size limit, the creation rate limit and ownership
 * are checked here before tus sees the request; the finished file goes through the
 * same checks and registration as the streamed upload.
 */
export function resumableUploadHandler(deps: AppDeps): RequestHandler {
  const datastore = createResumableUploadStore(deps.config);
  const callers = new AsyncLocalStorage<Caller>();
  const caller = (): Caller => {
    const current = callers.getStore();
    if (!current) throw new Error("resumable upload hook ran outside a request");
    return current;
  };
  const tus = new Server({
    path: RESUMABLE_UPLOAD_PATH,
    datastore,
    relativeLocation: true,
    maxSize: deps.config.UPLOAD_MAX_BYTES,
    allowedHeaders: [CSRF_HEADER],
    // The same allowlist as every other API route, with credentials (cookies).
    allowedOrigins: (origin) => deps.config.corsOrigins.includes(origin),
    allowedCredentials: true,
    namingFunction: () => `${caller().userId}.${randomUUID()}`,
    onUploadCreate: async (_req, upload) => {
      try {
        checkMetadata(upload.metadata ?? {});
      } catch (err) {
        throw tusError(err, caller().log);
      }
      return {};
    },
    onUploadFinish: async (_req, upload) => {
      const { userId, requestId, log } = caller();
      const [, , videoId = ""] = UPLOAD_ID.exec(upload.id) ?? [];
      try {
        const result = await registerResumableUpload({
          deps,
          log: log.child({ videoId }),
          upload: {
            userId,
            videoId,
            requestId,
            path: join(datastore.directory, upload.id),
            filename: upload.metadata?.filename ?? "",
            contentType: (upload.metadata?.filetype || "application/octet-stream").split(";")[0]?.trim() ?? "",
            title: upload.metadata?.title ?? undefined,
          },
        });
        return {
          status_code: 200,
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(result),
        };
      } catch (err) {
        throw tusError(err, log);
      } finally {
        // Registered or refused, the partial copy has served its purpose.
        await datastore.remove(upload.id).catch(() => {});
      }
    },
  });

  return (req, res) => deps.inFlight.track(handle({ deps, tus, callers, req, res }));
}

async function handle(opts: {
  deps: AppDeps;
  tus: Server;
  callers: AsyncLocalStorage<Caller>;
  req: Request;
  res: Response;
}): Promise<void> {
  const { deps, tus, callers, req, res } = opts;
  const requestId = String(req.id ?? "");
  const log = (req as Request & { log?: Logger }).log ?? deps.logger;
  if (req.method === "OPTIONS") {
    await tus.handle(req, res);
    return;
  }
  try {
    const auth = await authenticateRequest(req, { config: deps.config, db: deps.db, authSecret: deps.authSecret });
    if (!auth) throw new AppError("UNAUTHORIZED", "Sign in to upload: this request has no valid access token.");
    const { user } = auth;
    if (auth.via === "cookie" && req.method !== "HEAD") {
      assertCsrf({ deps, req, logger: log, requestId, user }, user.id);
    }
    const id = req.params.id as string | undefined;
    if (id === undefined) {
      if (req.method !== "POST") throw new AppError("NOT_FOUND", "Create an upload with POST first.");
      const declared = Number(req.headers["upload-length"]);
      if (!Number.isFinite(declared)) {
        throw new AppError("BAD_REQUEST", "Declare the file's size in the Upload-Length header.");
      }
      if (declared > deps.config.UPLOAD_MAX_BYTES) {
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `This upload is ${formatBytes(declared)}; the largest video we accept is ${formatBytes(deps.config.UPLOAD_MAX_BYTES)}.`,
        );
      }
      const limit = await consumeRateLimit(deps.db, {
        bucket: "resumable-upload",
        subject: user.id,
        points: CREATES_PER_HOUR,
        windowSeconds: 3600,
      });
      if (!limit.allowed) {
        throw new AppError("RATE_LIMITED", `Too many uploads. Try again in ${limit.retryAfterSeconds} seconds.`, {
          headers: { "Retry-After": String(limit.retryAfterSeconds) },
        });
      }
    } else if (UPLOAD_ID.exec(id)?.[1] !== user.id || !["HEAD", "PATCH", "DELETE"].includes(req.method)) {
      // Another user's upload is indistinguishable from one that does not exist.
      throw new AppError("NOT_FOUND", "No such upload.");
    }
    await callers.run({ userId: user.id, requestId, log: log.child({ userId: user.id }) }, () => tus.handle(req, res));
  } catch (err) {
    if (res.headersSent) return;
    sendError(res, err, log);
  }
}
