import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { resolveAuthSecret } from "./secret";

describe("resolveAuthSecret", () => {
  it("uses AUTH_SECRET when set", () => {
    const secret = "s".repeat(40);
    expect(resolveAuthSecret(loadConfig({ AUTH_SECRET: secret }))).toBe(secret);
  });

  it("generates one secret into DATA_DIR once and reuses it", () => {
    const dir = mkdtempSync(join(tmpdir(), "secret-"));
    const config = loadConfig({ DATA_DIR: dir });
    const first = resolveAuthSecret(config);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveAuthSecret(config)).toBe(first);
    expect(readFileSync(join(dir, "auth-secret"), "utf8")).toBe(first);
    expect(statSync(join(dir, "auth-secret")).mode & 0o777).toBe(0o600);
  });
});
