import { describe, expect, it } from "vitest";
import { isLegacyAlias } from "./legacy-alias";

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
