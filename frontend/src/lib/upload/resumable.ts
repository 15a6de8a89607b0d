import type { TUploadResult } from "@coherence/shared";
import { DetailedError, Upload } from "tus-js-client";
import { config } from "../../config";
import { ApiError, apiErrorFromBody } from "../errors";
import { authHeaders } from "../session";

/** The resumable (tus) endpoint. */
export const RESUMABLE_UPLOAD_URL = "/api/v1/uploads/resumable";

/** Large enough to keep the line busy, small enough that an interruption loses little. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/** Thrown when the server has no resumable endpoint, so that the caller can stream instead. */
export class NoResumableEndpoint extends Error {}

export type ResumableOptions = {
  title?: string;
  /** Identifies the same bytes across reloads (a recording's id); by default name, type, size and date. */
  resumeKey?: string;
  onProgress: (loaded: number, total: number) => void;
};

function toError(err: unknown): Error {
  if (!(err instanceof DetailedError) || !err.originalResponse) {
    return new ApiError({
      error: "The connection dropped during the upload. Check your connection and try again.",
      code: "SERVICE_UNAVAILABLE",
      retryable: true,
    });
  }
  const res = err.originalResponse;
  if (res.getStatus() === 404 && err.originalRequest?.getMethod() === "POST") return new NoResumableEndpoint();
  return apiErrorFromBody(res.getStatus(), res.getBody(), res.getHeader("retry-after"));
}

/**
 * Sends a file with the tus protocol. The upload's URL is kept in localStorage under
 * its fingerprint, so after a reload the same bytes continue from the server's offset.
 * `abort()` cancels and removes the partial upload on the server.
 */
export function uploadResumable(file: File, opts: ResumableOptions) {
  let upload: Upload | null = null;
  let cancelled = false;
  const promise = new Promise<TUploadResult>((resolve, reject) => {
    upload = new Upload(file, {
      endpoint: `${config.apiUrl}${RESUMABLE_UPLOAD_URL}`,
      chunkSize: CHUNK_BYTES,
      retryDelays: [0, 1000, 3000, 5000, 10_000, 20_000],
      metadata: { filename: file.name, filetype: file.type, ...(opts.title ? { title: opts.title } : {}) },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      ...(opts.resumeKey
        ? { fingerprint: async () => `coherence-${opts.resumeKey}-${file.size}-${config.apiUrl}` }
        : {}),
      onBeforeRequest: (req) => {
        const xhr = req.getUnderlyingObject() as XMLHttpRequest;
        xhr.withCredentials = true;
        for (const [k, v] of Object.entries(authHeaders())) req.setHeader(k, v);
      },
      onProgress: (loaded, total) => opts.onProgress(loaded, total),
      onSuccess: ({ lastResponse }) => {
        try {
          resolve(JSON.parse(lastResponse.getBody()) as TUploadResult);
        } catch {
          reject(new ApiError({ error: "The server's answer was unreadable.", code: "INTERNAL", retryable: true }));
        }
      },
      onError: (err) => reject(cancelled ? new DOMException("Upload cancelled", "AbortError") : toError(err)),
    });
    const started = upload;
    started
      .findPreviousUploads()
      .then((previous) => {
        const last = previous[0];
        if (last) started.resumeFromPreviousUpload(last);
        if (!cancelled) started.start();
      })
      .catch(reject);
  });
  return {
    promise,
    abort: () => {
      cancelled = true;
      // true: terminate, so the server drops the partial upload now rather than at expiry.
      void upload?.abort(true).catch(() => undefined);
    },
  };
}
