import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, ZEnv } from "./config";
import { REPO_ROOT } from "./paths";

describe("loadConfig", () => {
  it("fills every default for an empty environment", () => {
    const config = loadConfig({});
    expect(config.API_PORT).toBe(3000);
    expect(config.WORKER_CONCURRENCY).toBe(2);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.publicApiUrl).toBe("http://localhost:3000");
    expect(config.corsOrigins).toEqual(["http://localhost:5173"]);
    expect(config.isProduction).toBe(false);
  });

  it("runs one API process in development and one per core in production, unless API_PROCESSES says", () => {
    expect(loadConfig({}).apiProcesses).toBe(1);
    const production = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), DATABASE_URL: "postgres://u:p@db/c" };
    expect(loadConfig(production).apiProcesses).toBe(availableParallelism());
    expect(loadConfig({ ...production, API_PROCESSES: "3" }).apiProcesses).toBe(3);
    expect(() => loadConfig({ API_PROCESSES: "0" })).toThrow(/API_PROCESSES/);
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ API_PORT: "", DATABASE_URL: "" }).API_PORT).toBe(3000);
  });

  it("names the bad variable, shows the value and says how to fix it", () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: "eighty", WORKER_CONCURRENCY: "0" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("API_PORT");
    expect(message).toContain('"eighty"');
    expect(message).toContain("WORKER_CONCURRENCY");
    expect(message).toContain(".env.example");
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(["API_PORT", "WORKER_CONCURRENCY"]);
  });

  it("rejects a DATABASE_URL that is not a Postgres URL", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: must start with postgres/);
  });

  it("requires AUTH_SECRET and DATABASE_URL in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET[\s\S]*DATABASE_URL/);
    const config = loadConfig({
      NODE_ENV: "production",
      AUTH_SECRET: "x".repeat(32),
      DATABASE_URL: "postgres://u:p@db:5432/c",
    });
    expect(config.isProduction).toBe(true);
  });

  it("rejects a short AUTH_SECRET", () => {
    expect(() => loadConfig({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
  });

  it("parses CORS_ORIGINS as a list", () => {
    expect(loadConfig({ CORS_ORIGINS: "https://a.example, https://b.example" }).corsOrigins).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
  });
});

describe("TRUST_PROXY", () => {
  it("trusts no proxy by default, so X-Forwarded-For is ignored", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "none" }).trustProxy).toBe(false);
  });

  it("takes a hop count or a list of addresses, ranges and Express's names", () => {
    expect(loadConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8,::1" }).trustProxy).toEqual([
      "loopback",
      "10.0.0.0/8",
      "::1",
    ]);
  });

  it("refuses true (any client could pick its address) and things that are not addresses", () => {
    expect(() => loadConfig({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: must be none/);
    expect(() => loadConfig({ TRUST_PROXY: "abc" })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: "10.0.0.1/x" })).toThrow(/TRUST_PROXY/);
  });
});

describe("sign-in provider variables", () => {
  it("are optional, with a default label for the generic OIDC provider", () => {
    const config = loadConfig({});
    expect(config.AUTH_GITHUB_ID).toBeUndefined();
    expect(config.AUTH_OIDC_NAME).toBe("Single sign-on");
    expect(config.RATE_LIMIT_AUTH_MAX).toBe(20);
    expect(config.RATE_LIMIT_API_MAX).toBe(300);
  });

  it("must come in complete sets", () => {
    expect(() => loadConfig({ AUTH_GITHUB_ID: "id" })).toThrow(/AUTH_GITHUB_SECRET: must be set together/);
    expect(() => loadConfig({ AUTH_GOOGLE_SECRET: "s" })).toThrow(/AUTH_GOOGLE_ID: must be set together/);
    expect(() => loadConfig({ AUTH_OIDC_ISSUER: "https://idp.example", AUTH_OIDC_ID: "c" })).toThrow(
      /AUTH_OIDC_SECRET: AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET must be set together/,
    );
    expect(
      loadConfig({ AUTH_OIDC_ISSUER: "https://idp.example", AUTH_OIDC_ID: "c", AUTH_OIDC_SECRET: "s" }).AUTH_OIDC_ID,
    ).toBe("c");
  });
});

describe(".env.example", () => {
  it("documents every variable the config reads", () => {
    const example = readFileSync(resolve(REPO_ROOT, ".env.example"), "utf8");
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const missing = Object.keys(ZEnv.shape).filter((k) => !documented.has(k));
    expect(missing).toEqual([]);
  });

  it("documents the variables `pnpm dev` reads (scripts/dev.ts), such as FRONTEND_PORT", () => {
    const example = readFileSync(resolve(REPO_ROOT, ".env.example"), "utf8");
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    const dev = readFileSync(resolve(REPO_ROOT, "scripts/dev.ts"), "utf8");
    const read = [...new Set([...dev.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!))];
    expect(read).toContain("FRONTEND_PORT");
    expect(read.filter((v) => !documented.has(v))).toEqual([]);
  });
});

describe("loadDotEnv", () => {
  it("loads variables from a file without overriding the environment", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { loadDotEnv } = await import("./config");
    const dir = mkdtempSync(join(tmpdir(), "env-"));
    const file = join(dir, ".env");
    writeFileSync(file, "COHERENCE_TEST_A=from-file\nCOHERENCE_TEST_B=from-file\n");
    process.env.COHERENCE_TEST_B = "from-env";
    loadDotEnv(file);
    expect(process.env.COHERENCE_TEST_A).toBe("from-file");
    expect(process.env.COHERENCE_TEST_B).toBe("from-env");
    loadDotEnv(join(dir, "missing.env"));
    delete process.env.COHERENCE_TEST_A;
    delete process.env.COHERENCE_TEST_B;
  });
});

describe("cloud provider configuration", () => {
  it("leaves cloud keys unset and fills the price table by default", () => {
    const config = loadConfig({});
    expect(config.DEEPGRAM_API_KEY).toBeUndefined();
    expect(config.DEEPGRAM_MODEL).toBe("nova-3");
    expect(config.PROVIDER_PRICES["deepgram.audio_minute"]).toBeGreaterThan(0);
    expect(config.OFFPEAK_WINDOW).toBe("01:00-06:00");
  });

  it("rejects a key with spaces, a bad price table and a bad off-peak window, naming each", () => {
    let error: unknown;
    try {
      loadConfig({ GEMINI_API_KEY: "has a space", PROVIDER_PRICES: "{nope", OFFPEAK_WINDOW: "1am-6am" });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      "GEMINI_API_KEY",
      "OFFPEAK_WINDOW",
      "PROVIDER_PRICES",
    ]);
    expect(() => loadConfig({ PROVIDER_PRICES: '{"deepgram.audio_minute":-1}' })).toThrow(/PROVIDER_PRICES/);
    expect(() => loadConfig({ OFFPEAK_TIMEZONE: "Mars/Olympus" })).toThrow(
      /OFFPEAK_TIMEZONE: must be an IANA time zone/,
    );
    expect(loadConfig({ OFFPEAK_TIMEZONE: "Europe/Paris" }).OFFPEAK_TIMEZONE).toBe("Europe/Paris");
    expect(loadConfig({ PROVIDER_PRICES: '{"deepgram.audio_minute":0.01}' }).PROVIDER_PRICES).toEqual({
      "deepgram.audio_minute": 0.01,
    });
  });
});
