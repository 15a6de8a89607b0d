// Regenerates src/db/types.ts from a throw-away database migrated from zero.
// With --check, fails when the committed file differs (schema drift).
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ensureDatabase, startEmbeddedPostgres } from "./embedded";
import { migrate } from "./migrate";

const target = resolve(import.meta.dirname, "types.ts");
const check = process.argv.includes("--check");
const dir = mkdtempSync(join(tmpdir(), "coherence-codegen-"));
chmodSync(dir, 0o755); // as root, Postgres runs as the postgres user and must reach its data dir
const pg = await startEmbeddedPostgres({ dataDir: join(dir, "pg"), persistent: false, fast: true });
try {
  const url = await ensureDatabase(pg.url, "codegen");
  await migrate({ url });
  const out = join(dir, "types.ts");
  execFileSync(
    resolve(import.meta.dirname, "../../node_modules/.bin/kysely-codegen"),
    [
      "--dialect",
      "postgres",
      "--url",
      url,
      "--out-file",
      out,
      "--camel-case",
      "--numeric-parser",
      "number",
      "--type-mapping",
      JSON.stringify({ int8: "number" }),
      "--exclude-pattern",
      "(graphile_worker.*|schema_migrations)",
      "--log-level",
      "warn",
    ],
    { stdio: "inherit" },
  );
  const generated = readFileSync(out, "utf8");
  if (check) {
    if (generated !== readFileSync(target, "utf8")) {
      console.error(
        "packages/core/src/db/types.ts is out of date with migrations/. Run `pnpm db:codegen` and commit the result.",
      );
      process.exitCode = 1;
    } else {
      console.log("DB types match the migrations.");
    }
  } else {
    writeFileSync(target, generated);
    console.log(`wrote ${target}`);
  }
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
