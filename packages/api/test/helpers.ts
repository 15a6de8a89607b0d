import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger, createTestDatabase, loadConfig, type TestDatabase } from "@coherence/core/testing";
import type { AnyTRPCRouter } from "@trpc/server";
import { type ApiServer, startApiServer } from "../src/server";

/** The AUTH_SECRET every test API uses, so tests can sign their own tokens. */
export const TEST_AUTH_SECRET = "test-secret-test-secret-test-secret-0123";

export type TestApi = ApiServer & { testDb: TestDatabase; stop: () => Promise<void> };

/** A real API server on a random loopback port, on its own freshly migrated database. */
export async function startTestApi(
  opts: { router?: AnyTRPCRouter; env?: Record<string, string> } = {},
): Promise<TestApi> {
  const testDb = await createTestDatabase();
  const storageDir = mkdtempSync(join(tmpdir(), "coherence-storage-"));
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    AUTH_SECRET: TEST_AUTH_SECRET,
    STORAGE_DIR: storageDir,
    // Generous budgets so that tests which poll or sign in often are not rate limited;
    // rate-limit tests pass their own small values in `env`.
    RATE_LIMIT_AUTH_MAX: "1000",
    RATE_LIMIT_API_MAX: "100000",
    ...opts.env,
  });
  const api = await startApiServer({
    config,
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
    databaseUrl: testDb.url,
    port: 0,
    router: opts.router,
  });
  return {
    ...api,
    testDb,
    stop: async () => {
      await api.close();
      await testDb.destroy();
      rmSync(storageDir, { recursive: true, force: true });
    },
  };
}
