import { loadConfig } from "@coherence/core";
import { describe, expect, it } from "vitest";
import type { AppDeps } from "../deps";
import { authJsConfig, configuredProviders } from "./oauth";

function deps(env: Record<string, string>): AppDeps {
  return { config: loadConfig(env), authSecret: "s".repeat(40) } as AppDeps;
}

describe("OAuth providers from the environment", () => {
  it("offers none by default", () => {
    expect(configuredProviders(deps({}))).toEqual([]);
  });

  it("offers GitHub, Google and a generic OIDC issuer when their variables are set", () => {
    const providers = configuredProviders(
      deps({
        AUTH_GITHUB_ID: "gh-id",
        AUTH_GITHUB_SECRET: "gh-secret",
        AUTH_GOOGLE_ID: "g-id",
        AUTH_GOOGLE_SECRET: "g-secret",
        AUTH_OIDC_ISSUER: "https://idp.example",
        AUTH_OIDC_ID: "o-id",
        AUTH_OIDC_SECRET: "o-secret",
        AUTH_OIDC_NAME: "Company SSO",
      }),
    ) as { id: string; name: string; type: string; options?: { clientId?: string } }[];
    expect(providers.map((p) => [p.id, p.type])).toEqual([
      ["github", "oauth"],
      ["google", "oidc"],
      ["oidc", "oidc"],
    ]);
    expect(providers[2]).toMatchObject({ name: "Company SSO", clientId: "o-id", issuer: "https://idp.example" });
  });

  it("signs Auth.js cookies with a key derived from, not equal to, AUTH_SECRET", () => {
    const config = authJsConfig(deps({}));
    expect(config.secret).toBeTruthy();
    expect(config.secret).not.toBe("s".repeat(40));
    expect(config.basePath).toBe("/api/auth/oauth");
  });
});
