import { rmSync } from "node:fs";
import { join } from "node:path";
import {
  createLogger,
  type EmbeddedPostgresHandle,
  ensureDatabase,
  findFreePort,
  loadConfig,
  migrate,
  startEmbeddedPostgres,
} from "@coherence/core";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../../packages/api/src/router";
import { type ApiServer, startApiServer } from "../../packages/api/src/server";
import { publicProcedure, router } from "../../packages/api/src/trpc/procedures";
import { query, ROOT, waitFor } from "./helpers";

// Postgres restarted while the API takes writes: /readyz answers 503 while it is down,
// the API recovers without a restart, and every write it acknowledged is still there.
const dataDir = join(ROOT, ".data", `fault-postgres-${process.pid}`);
let pgHandle: EmbeddedPostgresHandle;
let pgPort: number;
let url: string;
let api: ApiServer;

// The app router plus one write, standing in for an upload's committed row.
const testRouter = router({
  ...appRouter._def.record,
  fault: router({
    write: publicProcedure.input(z.object({ n: z.number().int() })).mutation(async ({ ctx, input }) => {
      const row = await ctx.deps.db
        .insertInto("users")
        .values({ email: `w${input.n}@restart.invalid` })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: row.id };
    }),
  }),
});

beforeAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  pgPort = await findFreePort();
  pgHandle = await startEmbeddedPostgres({ dataDir, port: pgPort, persistent: true });
  url = await ensureDatabase(pgHandle.url, "restart");
  await migrate({ url });
  api = await startApiServer({
    config: loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      AUTH_SECRET: "restart-secret-restart-secret-0123456789",
    }),
    logger: createLogger({ level: "silent" }),
    databaseUrl: url,
    port: 0,
    router: testRouter,
  });
});

afterAll(async () => {
  await api?.close();
  await pgHandle?.stop().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

async function readyStatus(): Promise<number> {
  return (await fetch(`${api.url}/readyz`, { signal: AbortSignal.timeout(8000) })).status;
}

describe("Postgres restarted under load", () => {
  it("readiness goes 503 and back to 200 on its own, and no acknowledged write is lost", async () => {
    expect(await readyStatus()).toBe(200);
    const acknowledged: string[] = [];
    const failures: number[] = [];
    let n = 0;
    let running = true;
    const writer = async () => {
      while (running) {
        const i = n++;
        try {
          const res = await fetch(`${api.url}/trpc/fault.write`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ json: { n: i } }),
            signal: AbortSignal.timeout(8000),
          });
          if (res.ok)
            acknowledged.push(
              ((await res.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id,
            );
          else failures.push(res.status);
        } catch {
          failures.push(0);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const writers = Array.from({ length: 4 }, writer);
    await waitFor("some writes", async () => (acknowledged.length >= 20 ? true : undefined));

    await pgHandle.stop();
    const down = await waitFor("readiness 503", async () => ((await readyStatus()) === 503 ? 503 : undefined), 20_000);
    expect(down).toBe(503);
    const body = (await (await fetch(`${api.url}/readyz`)).json()) as { code: string; retryable: boolean };
    expect(body).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryable: true });

    pgHandle = await startEmbeddedPostgres({ dataDir, port: pgPort, persistent: true });
    const up = await waitFor(
      "readiness 200 again",
      async () => ((await readyStatus()) === 200 ? 200 : undefined),
      30_000,
    );
    expect(up).toBe(200);
    const before = acknowledged.length;
    await waitFor("writes succeed again", async () => (acknowledged.length > before + 10 ? true : undefined), 30_000);
    running = false;
    await Promise.all(writers);

    expect(failures.length).toBeGreaterThan(0); // the outage was real
    const ids = await sql<{ id: string }>`select id::text from users`.execute(api.deps.db);
    const stored = new Set(ids.rows.map((r) => r.id));
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    const [count] = await query<{ n: number }>(url, "select count(*)::int as n from users");
    expect(count?.n).toBeGreaterThanOrEqual(acknowledged.length);
  });
});
