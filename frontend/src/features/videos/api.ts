import type { TVideoStatus } from "@coherence/shared";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { config } from "../../config";
import { ApiError, apiErrorFromBody } from "../../lib/errors";
import { pageHidden, pollDelay } from "../../lib/poll";
import type { RouterOutputs } from "../../lib/router-types";
import { authHeaders, hasCsrfToken } from "../../lib/session";
import { ensureCsrfToken, refreshSession, trpcClient } from "../../lib/trpc";

// Every type here is the API router's own (inferRouterOutputs): no hand-written copies.
export type TVideoList = RouterOutputs["videos"]["list"];
export type TVideo = TVideoList["items"][number];
export type TVideoStatusOut = RouterOutputs["videos"]["status"];
export type TVideoResults = RouterOutputs["videos"]["results"];

const ACTIVE: TVideoStatus[] = ["queued", "processing"];

/** The user's talks, newest first, 20 per page. Polls while any loaded talk is still being analysed. */
export function useVideoList(opts: { status?: TVideoStatus } = {}) {
  return useInfiniteQuery({
    queryKey: ["videos", "list", opts],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      // BACKEND_HOOK: GET /api/videos
      return (await trpcClient.videos.list.query({
        limit: 20,
        ...opts,
        ...(pageParam ? { cursor: pageParam } : {}),
      })) as TVideoList;
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (q) =>
      pollDelay({
        baseMs: 3000,
        done: !q.state.data?.pages.some((p) => p.items.some((v) => ACTIVE.includes(v.status))),
        hidden: pageHidden(),
        failures: q.state.fetchFailureCount,
      }),
    refetchIntervalInBackground: true,
  });
}

/** One talk's metadata. */
export function useVideo(id: string) {
  return useQuery({
    queryKey: ["videos", "get", id],
    queryFn: async () => {
      // BACKEND_HOOK: GET /api/videos/{id}
      return await trpcClient.videos.get.query({ id });
    },
  });
}

/**
 * Live pipeline status: polls every 1.5 s until the talk is complete or failed, slower
 * in a background tab or while polls fail (see pollDelay), and at once on coming back.
 */
export function useVideoStatus(id: string) {
  return useQuery({
    queryKey: ["videos", "status", id],
    queryFn: async () => {
      // BACKEND_HOOK: GET /api/videos/{id}/status
      return (await trpcClient.videos.status.query({ id })) as TVideoStatusOut;
    },
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      return pollDelay({
        baseMs: 1500,
        done: s === "complete" || s === "error",
        hidden: pageHidden(),
        failures: q.state.fetchFailureCount,
      });
    },
    // Keep polling (slowly) in a background tab, and catch up as soon as it is shown again.
    refetchIntervalInBackground: true,
    refetchOnWindowFocus: (q) => {
      const s = q.state.data?.status;
      return s !== "complete" && s !== "error";
    },
    staleTime: 0,
  });
}

/** The full analysis: score, flags, heatmap, metrics, report, transcript. */
export function useVideoResults(id: string) {
  return useQuery({
    queryKey: ["videos", "results", id],
    queryFn: async () => {
      // BACKEND_HOOK: GET /api/videos/{id}/results
      return (await trpcClient.videos.results.query({ id })) as TVideoResults;
    },
    staleTime: 5 * 60_000,
  });
}

/** A short-lived signed URL a <video> element can load (it cannot send an Authorization header). */
export function useStreamUrl(id: string) {
  return useQuery({
    queryKey: ["videos", "streamUrl", id],
    queryFn: async () => {
      // BACKEND_HOOK: GET /api/videos/{id}/stream
      const out = (await trpcClient.videos.streamUrl.query({ id })) as { url: string } | string;
      const url = typeof out === "string" ? out : out.url;
      return url.startsWith("/") ? `${config.apiUrl}${url}` : url;
    },
    // A signed URL expires; fetch a fresh one rather than reuse a cached one.
    staleTime: 60_000,
    gcTime: 60_000,
  });
}

/** Deletes a talk and its analysis. */
export async function deleteVideo(id: string): Promise<void> {
  // BACKEND_HOOK: DELETE /api/videos/{id}
  await trpcClient.videos.delete.mutate({ id });
}

/**
 * Asks the API to run a failed analysis again. NOT in the agreed contract yet:
 * the processing page offers it only for retryable errors and falls back to
 * "upload again" if the API does not know this procedure.
 */
export async function retryVideo(id: string): Promise<void> {
  // BACKEND_HOOK: POST /api/videos/{id}/retry
  await trpcClient.videos.retry.mutate({ id });
}

export type UploadHandle = { promise: Promise<{ video: { id: string; status: TVideoStatus } }>; abort: () => void };

/**
 * Uploads a file as multipart (field `file`) with XMLHttpRequest, which, unlike
 * fetch, reports upload byte progress. On a 401 it refreshes the session once
 * and starts again. `abort()` cancels; the promise then rejects with an AbortError.
 * An optional `script` (already checked with scriptTextProblem) goes with it.
 */
export function uploadVideo(
  file: File,
  opts: { onProgress: (loaded: number, total: number) => void; title?: string; script?: string },
): UploadHandle {
  let xhr: XMLHttpRequest | null = null;
  let aborted = false;
  // A cross-origin web app may have lost its CSRF token in a reload: get it back first.
  const attempt = (canRefresh: boolean): Promise<{ video: { id: string; status: TVideoStatus } }> =>
    hasCsrfToken() ? send(canRefresh) : ensureCsrfToken().then(() => send(canRefresh));
  const send = (canRefresh: boolean): Promise<{ video: { id: string; status: TVideoStatus } }> =>
    new Promise((resolve, reject) => {
      if (aborted) return reject(new DOMException("Upload cancelled", "AbortError"));
      const req = new XMLHttpRequest();
      xhr = req;
      // BACKEND_HOOK: POST /api/videos/upload
      req.open("POST", `${config.apiUrl}/api/videos/upload`);
      req.withCredentials = true;
      for (const [k, v] of Object.entries(authHeaders())) req.setRequestHeader(k, v);
      req.upload.onprogress = (e) => opts.onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      req.onload = () => {
        if (req.status === 401 && canRefresh) {
          refreshSession().then((ok) => (ok ? attempt(false).then(resolve, reject) : reject(unauthorized())));
          return;
        }
        if (req.status >= 200 && req.status < 300) {
          try {
            resolve(JSON.parse(req.responseText) as { video: { id: string; status: TVideoStatus } });
          } catch {
            reject(new ApiError({ error: "The server's answer was unreadable.", code: "INTERNAL", retryable: true }));
          }
          return;
        }
        reject(apiErrorFromBody(req.status, req.responseText, req.getResponseHeader("retry-after")));
      };
      req.onerror = () =>
        reject(
          new ApiError({
            error: "The connection dropped during the upload. Check your connection and try again.",
            code: "SERVICE_UNAVAILABLE",
            retryable: true,
          }),
        );
      req.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
      const form = new FormData();
      // The server reads fields in order: the title must come before the file it names.
      if (opts.title) form.append("title", opts.title);
      // Before the file, so that the server refuses a bad script before reading the video.
      if (opts.script) form.append("script", opts.script);
      form.append("file", file, file.name);
      req.send(form);
    });
  const unauthorized = () =>
    new ApiError({ error: "Your session has expired. Sign in again.", code: "UNAUTHORIZED", retryable: false });
  return {
    promise: attempt(true),
    abort: () => {
      aborted = true;
      xhr?.abort();
    },
  };
}
