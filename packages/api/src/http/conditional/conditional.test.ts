import { describe, expect, it } from "vitest";
import { matchCacheableRead } from "./cacheable-reads";
import { etagOf, ifNoneMatchHits } from "./etag";
import { createResponseCache } from "./response-cache";

describe("etagOf / ifNoneMatchHits", () => {
  it("gives one quoted tag per version and matches it strongly, weakly, in a list or as *", () => {
    const tag = etagOf(["user", "results", "rest", "a:1"]);
    expect(tag).toMatch(/^"[\w-]{22}"$/);
    expect(etagOf(["user", "results", "rest", "a:1"])).toBe(tag);
    expect(etagOf(["user", "results", "rest", "a:2"])).not.toBe(tag);
    expect(ifNoneMatchHits(tag, tag)).toBe(true);
    expect(ifNoneMatchHits(`W/${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits(`"other", ${tag}`, tag)).toBe(true);
    expect(ifNoneMatchHits("*", tag)).toBe(true);
    expect(ifNoneMatchHits('"other"', tag)).toBe(false);
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
  });
});

describe("createResponseCache", () => {
  const entry = (etag: string, size = 10) => ({ etag, body: "x".repeat(size), contentType: "application/json" });

  it("returns a body only for the version it was stored with", () => {
    const cache = createResponseCache({ maxBytes: 10_000 });
    cache.set("k", entry('"v1"'));
    expect(cache.get("k", '"v1"')?.body).toBe("x".repeat(10));
    expect(cache.get("k", '"v2"')).toBeUndefined();
  });

  it("stays under its byte budget by dropping the least recently used", () => {
    const cache = createResponseCache({ maxBytes: 1_000 });
    cache.set("a", entry('"1"', 200));
    cache.set("b", entry('"1"', 200));
    cache.get("a", '"1"');
    cache.set("c", entry('"1"', 200));
    expect(cache.size()).toBeLessThanOrEqual(1_000);
    expect(cache.get("a", '"1"')).toBeDefined();
    expect(cache.get("b", '"1"')).toBeUndefined();
    expect(cache.get("c", '"1"')).toBeDefined();
    cache.set("huge", entry('"1"', 5_000));
    expect(cache.get("huge", '"1"')).toBeUndefined();
  });
});

describe("matchCacheableRead", () => {
  const id = "6f1c2a52-61f3-4b9e-9d2a-6d8b0a1f0e11";
  it("recognises results and analytics over REST and tRPC", () => {
    expect(matchCacheableRead("GET", `/api/v1/videos/${id}/results`)).toEqual({
      resource: "results",
      videoId: id,
      surface: "rest",
    });
    expect(matchCacheableRead("GET", "/api/analytics/progress?range=all")).toEqual({
      resource: "analytics.progress",
      surface: "rest",
    });
    const input = encodeURIComponent(JSON.stringify({ json: { id } }));
    expect(matchCacheableRead("GET", `/trpc/videos.results?input=${input}`)).toEqual({
      resource: "results",
      videoId: id,
      surface: "trpc",
    });
    expect(matchCacheableRead("GET", "/trpc/analytics.overview")).toMatchObject({ resource: "analytics.overview" });
  });

  it("leaves everything else to the procedures", () => {
    expect(matchCacheableRead("POST", "/api/v1/analytics/overview")).toBeUndefined();
    expect(matchCacheableRead("GET", `/api/v1/videos/${id}`)).toBeUndefined();
    expect(matchCacheableRead("GET", "/trpc/analytics.overview,analytics.progress?batch=1")).toBeUndefined();
    expect(matchCacheableRead("GET", "/trpc/videos.results?input=not-json")).toBeUndefined();
    expect(matchCacheableRead("GET", "/api/v1/videos/%E0%A4%A/results")).toBeUndefined();
  });
});
