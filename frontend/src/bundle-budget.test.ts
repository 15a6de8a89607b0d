// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Manifest } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The first-load budget (issue 16): at most 120 kB of gzip JavaScript before the sign-in
// page or the dashboard renders. Builds the app as production does and follows Vite's
// manifest from index.html through the route's own chunk, counting every static import.
const BUDGET_BYTES = 120_000;
// Each route's own chunks (the sign-in page is part of the entry chunk: see App.tsx).
const ROUTES: Record<string, string[]> = {
  signin: [],
  dashboard: ["src/features/dashboard/DashboardPage.tsx"],
};
// Loaded only where used: a first page that pulled one of these in would be over budget soon.
const HEAVY = ["src/features/progress/ProgressPage.tsx", "src/features/results/ResultsPage.tsx"];

let outDir: string;
let manifest: Manifest;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "coherence-bundle-"));
  // Vitest runs with NODE_ENV=test, which would build React's development bundle.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      root: join(import.meta.dirname, ".."),
      mode: "production",
      logLevel: "silent",
      build: { outDir, emptyOutDir: true, manifest: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  manifest = JSON.parse(readFileSync(join(outDir, ".vite/manifest.json"), "utf8")) as Manifest;
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The chunk files `keys` load before running: themselves and their static imports, transitively. */
function staticClosure(keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in Vite's manifest: was it renamed, or no longer its own chunk?`);
    files.add(chunk.file);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  for (const key of keys) visit(key);
  return files;
}

function gzipBytes(files: Set<string>): number {
  let total = 0;
  for (const file of files) {
    if (file.endsWith(".js")) total += gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
  }
  return total;
}

describe("first-load JavaScript budget", () => {
  for (const [route, keys] of Object.entries(ROUTES)) {
    it(`${route}: at most ${BUDGET_BYTES / 1000} kB gzip, and no heavy page's chunk`, () => {
      const files = staticClosure(["index.html", ...keys]);
      const bytes = gzipBytes(files);
      console.log(`[bundle] ${route}: ${(bytes / 1000).toFixed(1)} kB gzip in ${files.size} files`);
      expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
      const heavy = HEAVY.map((k) => manifest[k]?.file);
      expect(heavy.every(Boolean)).toBe(true);
      expect([...files].filter((f) => heavy.includes(f))).toEqual([]);
    });
  }
});
