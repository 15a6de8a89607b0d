import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { createLogger } from "../logger";
import { type EmbeddedPostgresHandle, findRunningPostgres, startEmbeddedPostgres } from "./embedded";
import { resolveDatabaseUrl } from "./resolve";

const logger = createLogger({ level: "silent" });
let dir: string;
let server: EmbeddedPostgresHandle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-resolve-"));
  // What `pnpm dev` does: an embedded Postgres on DATA_DIR/postgres.
  server = await startEmbeddedPostgres({ dataDir: join(dir, "postgres"), persistent: false, fast: true });
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>("select 1 as one")).rows[0]!.one;
  } finally {
    await client.end();
  }
}

describe("resolveDatabaseUrl while an embedded Postgres holds DATA_DIR", () => {
  it("reads the running server's port from postmaster.pid", () => {
    expect(findRunningPostgres(join(dir, "postgres"))?.port).toBe(server.port);
    expect(findRunningPostgres(join(dir, "elsewhere"))).toBeUndefined();
  });

  it("connects to it (whatever EMBEDDED_PG_PORT says), and stop() leaves it running", async () => {
    const config = loadConfig({ DATA_DIR: dir, EMBEDDED_PG_PORT: String(server.port) });
    const resolved = await resolveDatabaseUrl(config, logger);
    expect(new URL(resolved.url).port).toBe(String(server.port));
    expect(new URL(resolved.url).pathname).toBe("/coherence");
    expect(await selectOne(resolved.url)).toBe(1);
    await resolved.stop();
    expect(await selectOne(server.url)).toBe(1);
  });
});

describe.skipIf(process.getuid?.() !== 0)("the embedded Postgres, run as root, in a folder only root can enter", () => {
  it("starts, after giving each such parent folder o+x and nothing more", async () => {
    // mkdtemp makes the folder 0700, as `mktemp -d` does: the postgres user could not pass through.
    const locked = await mkdtemp(join(tmpdir(), "coherence-locked-"));
    try {
      expect(statSync(locked).mode & 0o777).toBe(0o700);
      const handle = await startEmbeddedPostgres({
        dataDir: join(locked, "data", "postgres"),
        persistent: false,
        fast: true,
      });
      try {
        expect(await selectOne(handle.url)).toBe(1);
      } finally {
        await handle.stop();
      }
      expect(statSync(locked).mode & 0o777).toBe(0o701);
    } finally {
      await rm(locked, { recursive: true, force: true });
    }
  });
});
