import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { isLegacyAlias, routeAliases } from "./legacy-alias";

describe("isLegacyAlias", () => {
  it("is true for unversioned API paths", () => {
    for (const path of ["/api/health", "/api/auth/login", "/api/videos/abc/stream", "/api/users/me"]) {
      expect(isLegacyAlias(path), path).toBe(true);
    }
  });

  it("is false for v1, the docs, the OAuth redirects and everything outside /api", () => {
    for (const path of [
      "/api/v1/health",
      "/api/v1",
      "/api/docs/",
      "/api/auth/oauth/callback/github",
      "/trpc/x",
      "/api",
      "/api/",
    ]) {
      expect(isLegacyAlias(path), path).toBe(false);
    }
  });
});

describe("routeAliases", () => {
  const rewrite = (url: string) => {
    const req = { url } as Request;
    routeAliases()(req, {} as Response, () => {});
    return req.url;
  };

  it("serves /users/me/videos with the /videos route, keeping the version and the query", () => {
    expect(rewrite("/api/users/me/videos?limit=3&cursor=abc")).toBe("/api/videos?limit=3&cursor=abc");
    expect(rewrite("/api/v1/users/me/videos")).toBe("/api/v1/videos");
  });

  it("leaves every other path alone", () => {
    for (const url of ["/api/users/me", "/api/users/me/videosx", "/api/v1/videos", "/trpc/users.me"]) {
      expect(rewrite(url)).toBe(url);
    }
  });
});
