// While `pnpm dev` runs, its embedded Postgres holds DATA_DIR/postgres and its port. The
// database commands must use that server, not try to start a second one on the same port.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "@coherence/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCoherenceBin } from "./cli-bin";

let dir: string;
let server: EmbeddedPostgresHandle;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coherence-cli-pg-"));
  server = await startEmbeddedPostgres({ dataDir: join(dir, "postgres"), persistent: false, fast: true });
  env = { DATA_DIR: dir, EMBEDDED_PG_PORT: String(server.port), LOG_LEVEL: "info" };
});

afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("database commands while an embedded Postgres runs on DATA_DIR", () => {
  it("migrate, then thresholds --json, use the running server", { timeout: 180_000 }, async () => {
    const migrate = await runCoherenceBin(["migrate", "--json"], env);
    expect(migrate.stderr).not.toContain("is in use");
    expect(migrate.code).toBe(0);
    expect(JSON.parse(migrate.stdout).applied.length).toBeGreaterThan(0);
    expect(migrate.stderr).toContain("already runs on this data directory");

    const thresholds = await runCoherenceBin(["thresholds", "--json"], env);
    expect(thresholds.code).toBe(0);
    expect(JSON.parse(thresholds.stdout).PACE_MISMATCH.mergeGapSeconds).toEqual(expect.any(Number));
    // The server started here is still up: nothing stopped it.
    const again = await runCoherenceBin(["migrate", "--json"], env);
    expect(JSON.parse(again.stdout)).toEqual({ applied: [] });
  });
});
