// The API under benchmark, in its own process so that its RSS is measured alone.
// Configuration comes from the environment (set by run.ts); prints its URL on stdout.
import { startApiServer } from "@coherence/api";
import { createLogger, loadConfig } from "@coherence/core";

const config = loadConfig();
const logger = createLogger({ level: config.LOG_LEVEL, pretty: false, name: "bench-api" });
const databaseUrl = process.env.BENCH_DATABASE_URL;
if (!databaseUrl) throw new Error("BENCH_DATABASE_URL is required");
const api = await startApiServer({ config, logger, databaseUrl, port: 0 });
process.stdout.write(`${JSON.stringify({ url: api.url })}\n`);
process.on("SIGTERM", async () => {
  await api.close();
  process.exit(0);
});
