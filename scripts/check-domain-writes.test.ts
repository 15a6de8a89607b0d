import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { findDomainWrites, findWritesInSource } from "./check-domain-writes";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SCRIPT = join(ROOT, "scripts/check-domain-writes.ts");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const run = promisify(execFile);
const temps: string[] = [];
afterAll(async () => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

/** A throwaway tree with one source file. */
async function treeWith(file: string, source: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "domain-writes-"));
  temps.push(root);
  await mkdir(dirname(join(root, file)), { recursive: true });
  await writeFile(join(root, file), source);
  await mkdir(join(root, "scripts"), { recursive: true });
  return root;
}

describe("check-domain-writes", () => {
  it("finds Kysely and raw SQL writes of the domain's tables, not reads, other tables or prose", () => {
    const source = [
      'await db.insertInto("videos").values(v).execute();',
      "await trx",
      "  .updateTable(",
      '    "analyses")',
      "  .set({ x: 1 });",
      'await db.deleteFrom("experimentAssignments as ea").execute();',
      'await db.mergeInto("videos").using("x", "a", "b");',
      "await sql`UPDATE videos SET status = 'queued'`.execute(db);",
      "await sql`delete from public.analyses where id = $1`.execute(db);",
      'await query("insert into experiment_assignments (arm) values ($1)");',
      "// we update videos elsewhere",
      'await db.selectFrom("videos").selectAll().execute();',
      'await db.updateTable("videoUploads").set({}).execute();',
      "await sql`update video_uploads set x = 1`.execute(db);",
      "await sql`select * from videos for update`.execute(db);",
    ].join("\n");
    expect(findWritesInSource("f.ts", source).map((w) => w.line)).toEqual([1, 3, 6, 7, 8, 9, 10]);
  });

  it("fails on a planted violation and names the file and line", async () => {
    const root = await treeWith(
      "packages/api/src/routers/videos/sneaky.ts",
      'export const go = (db) =>\n  db.updateTable("videos").set({ status: "complete" }).execute();\n',
    );
    expect(await findDomainWrites(root)).toEqual([
      { file: "packages/api/src/routers/videos/sneaky.ts", line: 2, text: '.updateTable("videos"' },
    ]);
    const failed = await run(TSX, [SCRIPT, root]).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("packages/api/src/routers/videos/sneaky.ts:2");
  }, 30_000);

  it("allows the domain module itself, and test fixtures", async () => {
    const write = 'db.insertInto("analyses").values(a).execute();\n';
    const domain = await treeWith("packages/core/src/videos/analysis-repository.ts", write);
    expect(await findDomainWrites(domain)).toEqual([]);
    const fixture = await treeWith("packages/api/test/talk-builders.ts", write);
    expect(await findDomainWrites(fixture)).toEqual([]);
  });

  it("passes on this tree", async () => {
    expect(await findDomainWrites(ROOT)).toEqual([]);
    await expect(run(TSX, [SCRIPT, ROOT])).resolves.toMatchObject({ stderr: "" });
  }, 30_000);
});
