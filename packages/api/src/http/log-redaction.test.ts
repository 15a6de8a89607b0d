import { describe, expect, it } from "vitest";
import { redactRequest, redactUrl, slimResponse } from "./log-redaction";

describe("redactUrl", () => {
  it("hides the signature of a signed stream URL and keeps the rest", () => {
    expect(redactUrl("/api/v1/videos/abc/stream?expires=123&signature=deadbeef")).toBe(
      "/api/v1/videos/abc/stream?expires=123&signature=[redacted]",
    );
  });

  it("hides OAuth codes and states", () => {
    expect(redactUrl("/api/auth/oauth/callback/oidc?code=xyz&state=abc#frag")).toBe(
      "/api/auth/oauth/callback/oidc?code=[redacted]&state=[redacted]#frag",
    );
  });

  it("leaves URLs without secrets alone", () => {
    expect(redactUrl("/api/v1/videos?limit=20")).toBe("/api/v1/videos?limit=20");
    expect(redactUrl(undefined)).toBeUndefined();
    expect(redactRequest({ url: "/x?token=1", method: "GET" })).toEqual({ url: "/x?token=[redacted]", method: "GET" });
  });

  it("logs no request header except the user agent, so no token or cookie can leak", () => {
    const logged = redactRequest({
      id: "r1",
      method: "GET",
      url: "/api/v1/videos",
      remoteAddress: "127.0.0.1",
      remotePort: 5000,
      headers: { authorization: "Bearer secret", cookie: "session=secret", "user-agent": "curl/8" },
    });
    expect(logged).toEqual({
      id: "r1",
      method: "GET",
      url: "/api/v1/videos",
      remoteAddress: "127.0.0.1",
      userAgent: "curl/8",
    });
    expect(JSON.stringify(logged)).not.toContain("secret");
    expect(slimResponse({ statusCode: 201, headers: { "set-cookie": "x" } } as { statusCode: number })).toEqual({
      statusCode: 201,
    });
  });
});
