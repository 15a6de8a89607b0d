import type { TVideoStatus } from "@coherence/shared";
import { hasCsrfToken } from "../session";
import { ensureCsrfToken } from "../trpc";
import { NoResumableEndpoint, type ResumableOptions, uploadResumable } from "./resumable";

type Sent = { video: { id: string; status: TVideoStatus } };
export type SendHandle = { promise: Promise<Sent>; abort: () => void };
type Streamed = (
  file: File,
  opts: { onProgress: (loaded: number, total: number) => void; title?: string },
) => SendHandle;

/**
 * The one transport for every upload in the web app: resumable (tus) through the API,
 * falling back to the streamed POST when the server has no resumable endpoint.
 */
export function sendVideo(file: File, opts: ResumableOptions & { streamed: Streamed }): SendHandle {
  let current: SendHandle | null = null;
  let aborted = false;
  const run = async (): Promise<Sent> => {
    // A cross-origin web app may have lost its CSRF token in a reload: get it back first.
    if (!hasCsrfToken()) await ensureCsrfToken();
    current = uploadResumable(file, opts);
    try {
      return await current.promise;
    } catch (err) {
      if (!(err instanceof NoResumableEndpoint) || aborted) throw err;
      current = opts.streamed(file, { onProgress: opts.onProgress, title: opts.title });
      return await current.promise;
    }
  };
  return {
    promise: run(),
    abort: () => {
      aborted = true;
      current?.abort();
    },
  };
}
