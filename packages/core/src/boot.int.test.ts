import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { bootService } from "./boot";
import { loadConfig } from "./config";
import { ensureDatabase } from "./db/embedded";
import { configureMediaTools, mediaToolPaths } from "./media/tools";

// An empty database (not the migrated template), so that boot's migrations have work to do.
const name = `coherence_t_boot_${randomBytes(4).toString("hex")}`;
let url: string;
const admin = async (sqlText: string) => {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    return await client.query(sqlText);
  } finally {
    await client.end();
  }
};
beforeAll(async () => {
  url = await ensureDatabase(inject("pgAdminUrl"), name);
});
afterAll(async () => {
  await admin(`drop database if exists "${name}" with (force)`);
});

const signals = ["SIGTERM", "SIGINT"] as const;
const before = Object.fromEntries(signals.map((s) => [s, process.listeners(s)]));
afterEach(() => {
  vi.restoreAllMocks();
  configureMediaTools(loadConfig());
  for (const s of signals) for (const l of process.listeners(s)) if (!before[s]!.includes(l)) process.off(s, l);
});

const env = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: url,
  LOG_LEVEL: "silent" as const,
  FFPROBE_PATH: "/opt/ff/ffprobe",
  ...extra,
});

async function tableCount(): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'schema_migrations'",
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe("bootService", () => {
  it("validates the configuration, configures the media tools, and migrates only when asked", async () => {
    const skipped = await bootService({ service: "api", migrate: false, env: env() });
    expect(skipped.databaseUrl).toBe(url);
    expect(mediaToolPaths().ffprobe).toBe("/opt/ff/ffprobe");
    expect(await tableCount()).toBe(0);
    const booted = await bootService({ service: "worker", migrate: true, env: env() });
    expect(booted.config.FFPROBE_PATH).toBe("/opt/ff/ffprobe");
    expect(await tableCount()).toBe(1);
  });

  it("on SIGTERM closes the service once, even when SIGINT follows, then exits 0", async () => {
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const booted = await bootService({ service: "worker", migrate: false, env: env() });
    const close = vi.fn(async () => {});
    booted.exitOnSignal({ message: "stopping", close });
    process.emit("SIGTERM");
    process.emit("SIGINT");
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(0));
    expect(close).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledTimes(1);
  });
});
