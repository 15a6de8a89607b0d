// The boundary rule (biome.json, lint/style/noRestrictedImports) that `pnpm lint` runs in CI:
// packages are imported through their exports, and packages/api's http/ and routers/ do not
// import each other. Each case plants a file with one forbidden import, lints it, and expects
// the rule to name it; the tree itself must pass.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "@coherence/core";
import { describe, expect, it } from "vitest";

const BIOME = resolve(REPO_ROOT, "node_modules/.bin/biome");
const RULE = "lint/style/noRestrictedImports";

function lint(paths: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      BIOME,
      ["lint", "--only=style/noRestrictedImports", "--max-diagnostics=50", ...paths],
      { cwd: REPO_ROOT, timeout: 120_000 },
      (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

/** Writes `source` to a fresh file in `folder` (relative to the repository), lints it, removes it. */
async function lintPlanted(folder: string, source: string): Promise<{ code: number; output: string }> {
  const path = join(folder, `boundary-probe-${randomBytes(4).toString("hex")}.ts`);
  await writeFile(resolve(REPO_ROOT, path), source);
  try {
    return await lint([path]);
  } finally {
    await rm(resolve(REPO_ROOT, path), { force: true });
  }
}

describe("the import boundary rule", () => {
  it.each([
    ["test/", 'import { startApiServer } from "../packages/api/src/server";', "Deep import"],
    ["bench/", 'import { loadConfig } from "@coherence/core/src/config";', "Deep import"],
    ["test/e2e/", 'import "../../packages/api/node_modules/pino-http";', "Deep import"],
    ["packages/api/src/", 'import { loadConfig } from "../../core/src/config";', "Deep import"],
    [
      "packages/api/src/routers/auth/",
      'import { cookieNames } from "../../http/app";',
      "routers/ must not import http/",
    ],
    [
      "packages/api/src/http/auth/",
      'import { getMeRoute } from "../../routers/users/get-me";',
      "http/ must not import routers/",
    ],
  ])("fails on a planted import in %s: %s", async (folder, line, message) => {
    const { code, output } = await lintPlanted(folder, `${line}\nexport {};\n`);
    expect(code).not.toBe(0);
    expect(output).toContain(RULE);
    expect(output).toContain(message);
  });

  it("passes on an import through a package's exports", async () => {
    const { code, output } = await lintPlanted(
      "test/",
      'import { startTestApi } from "@coherence/api/testing";\nexport { startTestApi };\n',
    );
    expect(output).not.toContain(RULE);
    expect(code).toBe(0);
  });

  it("passes on the tree", async () => {
    const { code, output } = await lint(["."]);
    expect(output).not.toContain(RULE);
    expect(code).toBe(0);
  });
});
