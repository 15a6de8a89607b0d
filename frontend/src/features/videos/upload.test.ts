import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../lib/errors";
import { setAccessToken, setCsrfToken } from "../../lib/session";
import { uploadVideo } from "./api";

// A scriptable XMLHttpRequest: each test drives the upload's progress and answer.
class FakeXHR {
  static instances: FakeXHR[] = [];
  method = "";
  url = "";
  headers: Record<string, string> = {};
  withCredentials = false;
  status = 0;
  responseText = "";
  body: FormData | null = null;
  responseHeaders: Record<string, string> = {};
  upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = {
    onprogress: null,
  };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXHR.instances.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k.toLowerCase()] = v;
  }
  getResponseHeader(k: string) {
    return this.responseHeaders[k.toLowerCase()] ?? null;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  answer(status: number, body: unknown, headers: Record<string, string> = {}) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseHeaders = headers;
    this.onload?.();
  }
}

/** A tRPC (superjson) success answer. */
const trpcAnswer = (data: unknown) =>
  new Response(JSON.stringify({ result: { data: { json: data } } }), {
    status: 200,
    headers: { "content-type": "application/json" },
  });

const file = new File([new Uint8Array(1000)], "talk.mp4", { type: "video/mp4" });
const last = () => FakeXHR.instances.at(-1)!;

beforeEach(() => {
  FakeXHR.instances = [];
  vi.stubGlobal("XMLHttpRequest", FakeXHR);
  setAccessToken("token-1");
  setCsrfToken("csrf-1");
});
afterEach(() => {
  vi.unstubAllGlobals();
  setAccessToken(null);
  setCsrfToken(null);
});

describe("uploadVideo", () => {
  it("posts the file as multipart field `file` with credentials and the Bearer token, reporting byte progress", async () => {
    const onProgress = vi.fn();
    const h = uploadVideo(file, { onProgress });
    const xhr = last();
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/videos/upload");
    expect(xhr.withCredentials).toBe(true);
    expect(xhr.headers.authorization).toBe("Bearer token-1");
    expect((xhr.body!.get("file") as File).name).toBe("talk.mp4");
    xhr.progress(250, 1000);
    xhr.progress(1000, 1000);
    expect(onProgress.mock.calls).toEqual([
      [250, 1000],
      [1000, 1000],
    ]);
    xhr.answer(201, { video: { id: "v1", status: "queued" } });
    await expect(h.promise).resolves.toEqual({ video: { id: "v1", status: "queued" } });
  });

  it("without a CSRF token (cross-origin, after a reload) fetches one from the API first and sends it", async () => {
    setCsrfToken(null);
    const fetchMock = vi.fn(async () => trpcAnswer({ csrfToken: "csrf-from-api" }));
    vi.stubGlobal("fetch", fetchMock);
    const h = uploadVideo(file, { onProgress: () => {} });
    await vi.waitFor(() => expect(FakeXHR.instances).toHaveLength(1));
    expect(String((fetchMock.mock.calls[0] as unknown[] | undefined)?.[0])).toMatch(/\/trpc\/auth\.csrf/);
    expect(last().headers["x-csrf-token"]).toBe("csrf-from-api");
    last().answer(201, { video: { id: "v3", status: "queued" } });
    await expect(h.promise).resolves.toMatchObject({ video: { id: "v3" } });
  });

  it("turns an error answer into an ApiError with the server's code, message and Retry-After", async () => {
    const h = uploadVideo(file, { onProgress: () => {} });
    last().answer(429, { error: "Too many uploads.", code: "RATE_LIMITED", retryable: true }, { "retry-after": "30" });
    const err = (await h.promise.catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many uploads.",
      retryable: true,
      retryAfterSeconds: 30,
    });
  });

  it("maps a bare 413 from a proxy to PAYLOAD_TOO_LARGE", async () => {
    const h = uploadVideo(file, { onProgress: () => {} });
    const xhr = last();
    xhr.status = 413;
    xhr.responseText = "<html>Request Entity Too Large</html>";
    xhr.onload?.();
    await expect(h.promise).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
  });

  it("rejects with an AbortError when cancelled", async () => {
    const h = uploadVideo(file, { onProgress: () => {} });
    h.abort();
    await expect(h.promise).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reports a dropped connection as retryable", async () => {
    const h = uploadVideo(file, { onProgress: () => {} });
    last().onerror?.();
    await expect(h.promise).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", retryable: true });
  });

  it("on a 401 refreshes the session once and uploads again with the new token", async () => {
    const fetchMock = vi.fn(async () => trpcAnswer({ accessToken: "token-2" }));
    vi.stubGlobal("fetch", fetchMock);
    const h = uploadVideo(file, { onProgress: () => {} });
    last().answer(401, { error: "Expired.", code: "UNAUTHORIZED", retryable: false });
    await vi.waitFor(() => expect(FakeXHR.instances).toHaveLength(2));
    expect(String((fetchMock.mock.calls[0] as unknown[] | undefined)?.[0])).toMatch(/\/trpc\/auth\.refresh$/);
    expect(last().headers.authorization).toBe("Bearer token-2");
    last().answer(201, { video: { id: "v2", status: "queued" } });
    await expect(h.promise).resolves.toMatchObject({ video: { id: "v2" } });
  });
});
