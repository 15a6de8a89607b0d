/**
 * Fails when code outside the domain module (packages/core/src/videos/) writes the tables
 * whose rules it owns: `videos`, `analyses` and `experiment_assignments`. Both Kysely
 * writes (insertInto, updateTable, deleteFrom, replaceInto, mergeInto) and raw SQL
 * (INSERT INTO / UPDATE / DELETE FROM / MERGE INTO) are caught. Run by `pnpm lint`.
 *
 * Fixtures arrange rows directly and are not scanned: tests (*.test.ts, test/ folders,
 * *.testkit.ts) and bench/ (load-test seeding). Migrations are SQL files, not scanned.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const OWNER = "packages/core/src/videos/";
const SCANNED_ROOTS = ["packages", "scripts"];
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(["node_modules", "dist", "test", "coverage", ".vite"]);
const FIXTURE_FILE = /\.(test|testkit)\.(ts|tsx)$|\.d\.ts$/;

const KYSELY_TABLES = "videos|analyses|experimentAssignments|experiment_assignments";
const KYSELY_WRITE = new RegExp(
  String.raw`\.\s*(insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\s*\(\s*["'\x60](?:public\.)?(${KYSELY_TABLES})(?:\s+as\s+\w+)?["'\x60]`,
  "g",
);
const SQL_WRITE =
  /\b(insert\s+into|update|delete\s+from|merge\s+into)\s+(?:only\s+)?(?:"?public"?\.)?"?(videos|analyses|experiment_assignments)"?(?![\w.])/gi;

export type DomainWrite = { file: string; line: number; text: string };

/** Comments say "update videos" in prose; only code counts. Keeps line breaks so line numbers hold. */
function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'\x60\\])\/\/.*$/gm, (_m, before: string) => before);
}

/** The domain writes in one file's text. */
export function findWritesInSource(file: string, source: string): DomainWrite[] {
  const code = stripComments(source);
  const found: DomainWrite[] = [];
  for (const pattern of [KYSELY_WRITE, SQL_WRITE]) {
    for (const match of code.matchAll(pattern)) {
      const line = code.slice(0, match.index).split("\n").length;
      found.push({ file, line, text: match[0].replace(/\s+/g, " ") });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

async function* sourceFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* sourceFiles(join(dir, entry.name));
    } else if (SOURCE.test(entry.name) && !FIXTURE_FILE.test(entry.name)) {
      yield join(dir, entry.name);
    }
  }
}

/** Every write of the domain's tables outside the domain module, under `root`. */
export async function findDomainWrites(root: string): Promise<DomainWrite[]> {
  const found: DomainWrite[] = [];
  for (const top of SCANNED_ROOTS) {
    for await (const path of sourceFiles(join(root, top))) {
      const file = relative(root, path).split(sep).join("/");
      if (file.startsWith(OWNER)) continue;
      found.push(...findWritesInSource(file, await readFile(path, "utf8")));
    }
  }
  return found;
}

async function main(): Promise<void> {
  const root = process.argv[2] ?? join(fileURLToPath(new URL(".", import.meta.url)), "..");
  const writes = await findDomainWrites(root);
  if (writes.length === 0) return;
  for (const w of writes) process.stderr.write(`${w.file}:${w.line}: ${w.text}\n`);
  process.stderr.write(
    `${writes.length} write(s) of videos/analyses/experiment assignments outside ${OWNER}: go through its repositories.\n`,
  );
  process.exitCode = 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
