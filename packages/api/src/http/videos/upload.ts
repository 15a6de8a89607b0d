import { randomUUID } from "node:crypto";
import {
  contentTypeForContainer,
  createVideoRepository,
  inspectStoredVideo,
  type Logger,
  originalVideoKey,
  type StoredObject,
  titleFrom,
  toVideoDto,
  videoLimitsFromConfig,
  videoPrefix,
} from "@coherence/core";
import {
  AppError,
  filenameProblem,
  formatBytes,
  isAcceptableVideoContentType,
  SCRIPT_MAX_BYTES,
  type TUploadResult,
  ZTitleInput,
} from "@coherence/shared";
import busboy from "busboy";
import type { Request, RequestHandler, Response } from "express";
import type { AppDeps } from "../../deps";
import { authenticateRequest } from "../../trpc/context";
import { toErrorBody } from "../../trpc/errors";
import { assertCsrf } from "../../trpc/procedures";
import { UploadMeter } from "./upload-meter";
import { SCRIPT_FIELD, scriptFromField, scriptFromFile } from "./upload-script";

/** Room for the multipart boundaries and the form fields around the file (a script is the largest). */
const FORM_OVERHEAD_BYTES = 64 * 1024 + SCRIPT_MAX_BYTES;

type Received = {
  filename: string;
  contentType: string;
  title?: string;
  script?: string;
  bytes: number;
  sha256: string;
};

/**
 * Sends an error body. While the client is still sending, the connection is
 * closed after the response so that the rest of the body is never read.
 */
function sendError(req: Request, res: Response, err: unknown, log: Logger): void {
  const { status, body, expected, headers } = toErrorBody(err);
  if (!expected) log.error({ err }, "upload failed unexpectedly");
  if (res.headersSent || res.destroyed) return;
  if (!req.complete) {
    res.setHeader("Connection", "close");
    req.unpipe();
    req.pause();
  }
  if (headers) res.set(headers);
  res.status(status).json(body);
}

/** Reads the multipart form: one file (streamed to storage through an UploadMeter) and an optional title. */
function receiveForm(opts: {
  req: Request;
  deps: AppDeps;
  key: string;
  signal: AbortSignal;
  onWrite: (write: Promise<StoredObject>) => void;
}): Promise<Received> {
  const { req, deps, key, signal } = opts;
  const maxBytes = deps.config.UPLOAD_MAX_BYTES;
  return new Promise<Received>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      reject(err);
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        preservePath: true, // keep what the client sent, so a path in the name is seen and refused
        // Two files: the video, and the script when it is sent as a file part.
        limits: { files: 2, fileSize: maxBytes, fields: 5, fieldSize: SCRIPT_MAX_BYTES, parts: 10, headerPairs: 50 },
      });
    } catch (err) {
      fail(
        new AppError("BAD_REQUEST", "The upload form is malformed: send multipart/form-data with a boundary.", {
          cause: err,
        }),
      );
      return;
    }
    let file: { filename: string; contentType: string; meter: UploadMeter; write: Promise<StoredObject> } | null = null;
    let title: string | undefined;
    let script: Promise<string | undefined> = Promise.resolve(undefined);
    bb.on("field", (name, value, info) => {
      if (name === SCRIPT_FIELD) {
        script = Promise.resolve().then(() => scriptFromField(value, info.valueTruncated));
        script.catch(fail);
        return;
      }
      if (name !== "title") return;
      // The same rule as every other text input (shared ZTitleInput): no NUL or other control characters.
      const parsed = ZTitleInput.safeParse(value);
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? "The title is not valid.";
        fail(
          new AppError("VALIDATION_FAILED", `Invalid input: title: ${message}`, {
            issues: [{ path: "title", message }],
          }),
        );
        return;
      }
      title = parsed.data;
    });
    bb.on("file", (name, stream, info) => {
      const refuse = (err: AppError) => {
        stream.resume();
        fail(err);
      };
      if (name === SCRIPT_FIELD) {
        script = scriptFromFile(stream);
        script.catch(fail);
        return;
      }
      if (file) return refuse(new AppError("BAD_REQUEST", "Send one video per upload."));
      if (name !== "file") return refuse(new AppError("BAD_REQUEST", 'Send the video in the form field named "file".'));
      const filename = info.filename ?? "";
      const problem = filenameProblem(filename);
      if (problem) return refuse(new AppError("BAD_REQUEST", problem));
      if (!isAcceptableVideoContentType(info.mimeType)) {
        return refuse(
          new AppError(
            "UNSUPPORTED_MEDIA_TYPE",
            `The file was sent as ${JSON.stringify(info.mimeType)}, which is not a video type. Upload a video file (MP4, MOV or WebM).`,
          ),
        );
      }
      const meter = new UploadMeter();
      // Its errors reach us through the storage write; this keeps an early one from being "unhandled".
      meter.on("error", () => {});
      stream.on("limit", () => {
        const tooLarge = new AppError(
          "PAYLOAD_TOO_LARGE",
          `This file is larger than the ${formatBytes(maxBytes)} limit. Trim or compress the video and upload it again.`,
        );
        // Stop reading the request now; the rest of the body is never read.
        fail(tooLarge);
        meter.destroy(tooLarge);
      });
      stream.on("error", (err) => meter.destroy(err));
      stream.pipe(meter);
      const contentType = info.mimeType.split(";")[0]?.trim().toLowerCase() || "application/octet-stream";
      const write = deps.storage.put(key, meter, { contentType, signal });
      opts.onWrite(write);
      write.catch(fail);
      file = { filename, contentType, meter, write };
    });
    bb.on("filesLimit", () => fail(new AppError("BAD_REQUEST", "Send one video per upload.")));
    bb.on("partsLimit", () => fail(new AppError("BAD_REQUEST", "The upload form has too many parts.")));
    bb.on("fieldsLimit", () => fail(new AppError("BAD_REQUEST", "The upload form has too many fields.")));
    bb.on("error", (err) =>
      fail(
        new AppError(
          "BAD_REQUEST",
          /header/i.test((err as Error).message)
            ? "The upload form has an invalid part header (for example control characters in the file name); rename the file and try again."
            : "The upload form is malformed or was cut short.",
          { cause: err },
        ),
      ),
    );
    bb.on("close", () => {
      const current = file;
      if (!current) {
        fail(new AppError("BAD_REQUEST", 'The form has no file: send the video in the field named "file".'));
        return;
      }
      Promise.all([current.write, script]).then(([, scriptText]) => {
        if (settled) return;
        settled = true;
        resolve({
          filename: current.filename,
          contentType: current.contentType,
          title,
          script: scriptText,
          bytes: current.meter.bytes,
          sha256: current.meter.sha256,
        });
      }, fail);
    });
    req.pipe(bb);
  });
}

/**
 * POST /api/videos/upload: a multipart form with the video in field "file" (and an
 * optional "title"), streamed to storage in constant memory while it is hashed and
 * counted. The file is then checked (magic bytes, container, ffprobe: video + audio,
 * duration) and registered with its analysis job. Any refusal leaves no row and no object.
 */
export function uploadVideoHandler(deps: AppDeps): RequestHandler {
  // Tracked so that shutdown waits for an upload to finish or to delete what it wrote.
  return (req, res) => deps.inFlight.track(receiveUpload(deps, req, res));
}

type SignedInUser = NonNullable<Awaited<ReturnType<typeof authenticateRequest>>>["user"];

/**
 * Who is uploading: a valid access token and, for a cookie session, the CSRF header.
 * Sends the refusal and returns undefined otherwise.
 */
async function authorizeUpload(
  deps: AppDeps,
  req: Request,
  res: Response,
  log: Logger,
): Promise<SignedInUser | undefined> {
  let auth: Awaited<ReturnType<typeof authenticateRequest>>;
  try {
    // Not through the session cache: uploads are rare and costly, so each checks the
    // account in the database (a just-deleted account cannot start one on any instance).
    auth = await authenticateRequest(req, { config: deps.config, db: deps.db, authSecret: deps.authSecret });
  } catch (err) {
    // The account lookup failed (database down): a retryable 503, not "sign in".
    sendError(req, res, err, log);
    return undefined;
  }
  if (!auth) {
    sendError(
      req,
      res,
      new AppError("UNAUTHORIZED", "Sign in to upload: this request has no valid access token."),
      log,
    );
    return undefined;
  }
  const { user } = auth;
  if (auth.via === "cookie") {
    // A cookie-authenticated upload is a state change like any other: it needs the CSRF header.
    try {
      assertCsrf({ deps, req, logger: log, requestId: String(req.id ?? ""), user }, user.id);
    } catch (err) {
      sendError(req, res, err, log);
      return undefined;
    }
  }
  return user;
}

/** Refuses a request that is not a multipart form, or declares a body larger than the limit, before reading it. */
function headerProblem(deps: AppDeps, req: Request): AppError | undefined {
  if (!/^multipart\/form-data\b/i.test(req.headers["content-type"] ?? "")) {
    return new AppError(
      "UNSUPPORTED_MEDIA_TYPE",
      'Send the video as multipart/form-data, with the file in the field named "file".',
    );
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > deps.config.UPLOAD_MAX_BYTES + FORM_OVERHEAD_BYTES) {
    return new AppError(
      "PAYLOAD_TOO_LARGE",
      `This upload is ${formatBytes(declared)}; the largest video we accept is ${formatBytes(deps.config.UPLOAD_MAX_BYTES)}.`,
    );
  }
  return undefined;
}

/**
 * Watches the connection while the upload runs: an idle client is cut off, a client that
 * goes away or a shutdown past its grace period aborts `signal`. `bodyReceived` stops the
 * idle timer (the client then waits quietly while the file is checked); `release` detaches.
 */
function guardConnection(opts: { deps: AppDeps; req: Request; res: Response; log: Logger }) {
  const { deps, req, res, log } = opts;
  const controller = new AbortController();
  const onIdle = () => {
    log.info("upload idle for too long; closing the connection");
    req.socket.destroy();
  };
  // An upload that sends nothing for UPLOAD_IDLE_TIMEOUT_MS is abandoned (connection closed, bytes removed).
  req.socket.setTimeout(deps.config.UPLOAD_IDLE_TIMEOUT_MS, onIdle);
  // A kept-alive connection goes back to the server's own timeouts after this request.
  res.once("close", () => req.socket.setTimeout(0, onIdle));
  let clientGone = false;
  res.once("close", () => {
    if (res.writableFinished) return;
    clientGone = true;
    controller.abort(new AppError("BAD_REQUEST", "The upload was interrupted before the whole file arrived."));
  });
  // Past the shutdown grace period an unfinished upload gives up: a retryable 503, nothing kept.
  const onShutdown = () =>
    controller.abort(
      new AppError(
        "SERVICE_UNAVAILABLE",
        "The server is restarting and could not finish receiving your video. Nothing was kept; upload it again.",
      ),
    );
  if (deps.inFlight.stopping.aborted) onShutdown();
  else deps.inFlight.stopping.addEventListener("abort", onShutdown, { once: true });
  return {
    controller,
    clientGone: () => clientGone,
    bodyReceived: () => req.socket.setTimeout(0, onIdle),
    release: () => deps.inFlight.stopping.removeEventListener("abort", onShutdown),
  };
}

/** Checks the stored file (magic bytes, container, ffprobe) and registers the video with its analysis job. */
async function inspectAndRegister(opts: {
  deps: AppDeps;
  req: Request;
  user: SignedInUser;
  videoId: string;
  key: string;
  received: Received;
  signal: AbortSignal;
}): Promise<{ body: TUploadResult; container: string }> {
  const { deps, user, videoId, key, received } = opts;
  const inspected = await inspectStoredVideo({
    storage: deps.storage,
    key,
    sizeBytes: received.bytes,
    limits: videoLimitsFromConfig(deps.config),
    signal: opts.signal,
  });
  const { row, reusedAnalysis, score } = await createVideoRepository(deps.db).register({
    videoId,
    userId: user.id,
    requestId: String(opts.req.id ?? ""),
    title: titleFrom({ title: received.title, filename: received.filename }),
    originalFilename: received.filename,
    contentType: contentTypeForContainer(inspected.container, received.contentType),
    sizeBytes: received.bytes,
    contentHash: received.sha256,
    durationSeconds: inspected.durationSeconds,
    storageKey: key,
    uploadMode: "stream",
    script: received.script,
  });
  return { body: { video: toVideoDto(row, score), reusedAnalysis }, container: inspected.container };
}

async function receiveUpload(deps: AppDeps, req: Request, res: Response): Promise<void> {
  const baseLog = (req as Request & { log?: Logger }).log ?? deps.logger;
  const user = await authorizeUpload(deps, req, res, baseLog);
  if (!user) return;
  const videoId = randomUUID();
  const log = baseLog.child({ userId: user.id, videoId });
  const refused = headerProblem(deps, req);
  if (refused) {
    sendError(req, res, refused, log);
    return;
  }

  const key = originalVideoKey(user.id, videoId);
  const guard = guardConnection({ deps, req, res, log });
  const { signal } = guard.controller;
  let write: Promise<StoredObject> | undefined;
  try {
    signal.throwIfAborted();
    const received = await receiveForm({ req, deps, key, signal, onWrite: (w) => (write = w) });
    guard.bodyReceived();
    const { body, container } = await inspectAndRegister({ deps, req, user, videoId, key, received, signal });
    log.info({ sizeBytes: received.bytes, reusedAnalysis: body.reusedAnalysis, container }, "video uploaded");
    res.status(201).json(body);
  } catch (err) {
    guard.controller.abort(err);
    await write?.catch(() => {});
    await deps.storage
      .deletePrefix(videoPrefix(user.id, videoId))
      .catch((e) => log.error({ err: e }, "could not remove a refused upload"));
    if (guard.clientGone()) {
      log.info("upload abandoned by the client; nothing kept");
      return;
    }
    sendError(req, res, err, log);
  } finally {
    guard.release();
  }
}
