/** A GET whose answer can be validated (ETag) and cached: which resource, on which surface. */
export type CacheableRead =
  | { resource: "results"; videoId: string; surface: "rest" | "trpc" }
  | { resource: "analytics.overview" | "analytics.progress"; surface: "rest" | "trpc" };

const REST = /^\/api(?:\/v1)?\/(?:videos\/([^/]+)\/results|analytics\/(overview|progress))\/?$/;
const TRPC = /^\/trpc\/(videos\.results|analytics\.overview|analytics\.progress)$/;

/** The video id in a tRPC GET's `input` (`{"json":{"id":…}}` with superjson, `{"id":…}` without). */
function trpcVideoId(input: string | null): string | undefined {
  if (!input) return undefined;
  try {
    const parsed = JSON.parse(input) as { json?: { id?: unknown }; id?: unknown };
    const id = parsed?.json?.id ?? parsed?.id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Recognises the cacheable reads: a video's results and the analytics, over REST
 * (`/api/v1/…`, `/api/…`) and tRPC (single, unbatched GETs). Anything else is undefined.
 */
export function matchCacheableRead(method: string, url: string): CacheableRead | undefined {
  if (method !== "GET") return undefined;
  const [path = "", query = ""] = url.split("?", 2);
  const rest = REST.exec(path);
  if (rest) {
    if (rest[1]) {
      try {
        return { resource: "results", videoId: decodeURIComponent(rest[1]), surface: "rest" };
      } catch {
        return undefined;
      }
    }
    return { resource: rest[2] === "overview" ? "analytics.overview" : "analytics.progress", surface: "rest" };
  }
  const trpc = TRPC.exec(path);
  if (!trpc) return undefined;
  const params = new URLSearchParams(query);
  if (params.has("batch")) return undefined;
  if (trpc[1] === "videos.results") {
    const videoId = trpcVideoId(params.get("input"));
    return videoId ? { resource: "results", videoId, surface: "trpc" } : undefined;
  }
  return { resource: trpc[1] as "analytics.overview" | "analytics.progress", surface: "trpc" };
}
