import type { IssuedSession } from "@coherence/core";
import { loadConfig } from "@coherence/core";
import type { Response } from "express";
import { describe, expect, it } from "vitest";
import { clearSessionCookies, cookieNames, setSessionCookies } from "./cookies";

const session: IssuedSession = {
  userId: "8a0f4c1e-1111-4222-8333-944445555666",
  familyId: "9a0f4c1e-1111-4222-8333-944445555666",
  accessToken: "access",
  accessTokenExpiresAt: new Date(Date.now() + 900_000),
  refreshToken: "refresh",
  refreshTokenExpiresAt: new Date(Date.now() + 86_400_000),
};

function recorder() {
  const set: { name: string; value: string; options: Record<string, unknown> }[] = [];
  const cleared: { name: string; options: Record<string, unknown> }[] = [];
  const res = {
    cookie: (name: string, value: string, options: Record<string, unknown>) => set.push({ name, value, options }),
    clearCookie: (name: string, options: Record<string, unknown>) => cleared.push({ name, options }),
  } as unknown as Response;
  return { res, set, cleared };
}

describe("session cookies", () => {
  it("in production: __Host- names, Secure, httpOnly tokens, SameSite=Lax, Path=/", () => {
    const config = loadConfig({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), DATABASE_URL: "postgres://h/d" });
    expect(cookieNames(config)).toEqual({
      access: "__Host-coherence-access",
      refresh: "__Host-coherence-refresh",
      csrf: "__Host-coherence-csrf",
    });
    const { res, set } = recorder();
    setSessionCookies(res, { config, session, csrfToken: "csrf" });
    expect(set.map((c) => [c.name, c.options.httpOnly])).toEqual([
      ["__Host-coherence-access", true],
      ["__Host-coherence-refresh", true],
      ["__Host-coherence-csrf", false],
    ]);
    for (const c of set) expect(c.options).toMatchObject({ secure: true, sameSite: "lax", path: "/" });
    expect(set.some((c) => "domain" in c.options)).toBe(false);
  });

  it("in development: plain names and no Secure flag (http://localhost)", () => {
    const config = loadConfig({});
    const { res, set, cleared } = recorder();
    setSessionCookies(res, { config, session, csrfToken: "csrf" });
    expect(set[0]).toMatchObject({ name: "coherence-access", value: "access", options: { secure: false } });
    clearSessionCookies(res, config);
    expect(cleared.map((c) => c.name)).toEqual(["coherence-access", "coherence-refresh", "coherence-csrf"]);
  });
});
