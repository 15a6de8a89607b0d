import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { publicProcedure, router } from "../trpc/procedures";
import { createRouteLabeler, UNMATCHED_ROUTE } from "./metrics";

const testRouter = router({
  videos: router({
    list: publicProcedure.input(z.void()).query(() => []),
    get: publicProcedure.input(z.object({ id: z.string() })).query(() => null),
  }),
});

const labeler = createRouteLabeler({
  router: testRouter,
  openApiPaths: {
    "/videos": { get: {} },
    "/videos/{id}": { get: {}, delete: {} },
    "/videos/upload": { post: {} },
    "/videos/{id}/results": { get: {} },
  },
});

function req(method: string, url: string, extra: Partial<Request> = {}): Request {
  return { method, originalUrl: url, url, baseUrl: "", ...extra } as Request;
}

describe("createRouteLabeler", () => {
  it("labels REST calls with the OpenAPI template, never the id in the URL", () => {
    expect(labeler(req("GET", "/api/v1/videos/7f1c2a52-61f3-4b9e-9d2a-6d8b0a1f0e11?x=1"))).toBe("/api/v1/videos/{id}");
    expect(labeler(req("DELETE", "/api/videos/abc"))).toBe("/api/videos/{id}");
    expect(labeler(req("GET", "/api/v1/videos/abc/results"))).toBe("/api/v1/videos/{id}/results");
    expect(labeler(req("GET", "/api/v1/videos"))).toBe("/api/v1/videos");
  });

  it("prefers a literal segment over a parameter", () => {
    expect(labeler(req("POST", "/api/v1/videos/upload"))).toBe("/api/v1/videos/upload");
  });

  it("labels tRPC calls with the procedure path, and batches as one label", () => {
    expect(labeler(req("GET", "/trpc/videos.list?input=%7B%7D"))).toBe("/trpc/videos.list");
    expect(labeler(req("GET", "/trpc/videos.list,videos.get?batch=1"))).toBe("/trpc/(batch)");
  });

  it("puts unknown paths, methods and procedures in one bucket", () => {
    expect(labeler(req("GET", "/trpc/videos.nope"))).toBe(UNMATCHED_ROUTE);
    expect(labeler(req("GET", "/trpc/videos.list,evil"))).toBe(UNMATCHED_ROUTE);
    expect(labeler(req("PUT", "/api/v1/videos/abc"))).toBe(UNMATCHED_ROUTE);
    expect(labeler(req("GET", "/wp-admin/setup.php"))).toBe(UNMATCHED_ROUTE);
    expect(labeler(req("GET", "/api/v1/unknown/123"))).toBe(UNMATCHED_ROUTE);
  });

  it("uses the Express route pattern when Express matched one", () => {
    expect(labeler(req("GET", "/readyz", { route: { path: "/readyz" } } as Partial<Request>))).toBe("/readyz");
    expect(labeler(req("GET", "/api/docs/swagger-ui.css"))).toBe("/api/docs");
  });
});
