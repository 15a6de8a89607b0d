import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { REPO_ROOT } from "./paths";

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const csv = z.string().transform((v) =>
  v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean),
);

/**
 * Every environment variable the product reads. `.env.example` documents each
 * one; keep the two in step (a unit test checks that they are).
 */
export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: bool.optional(),
  API_HOST: z.string().min(1).default("127.0.0.1"),
  API_PORT: port.default(3000),
  PUBLIC_API_URL: z.url().optional(),
  FRONTEND_URL: z.url().default("http://localhost:5173"),
  CORS_ORIGINS: csv.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().min(1).default(resolve(REPO_ROOT, ".data")),
  EMBEDDED_PG_PORT: port.default(54329),
  DB_POOL_MAX: positiveInt.default(10),
  WORKER_CONCURRENCY: positiveInt.default(2),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  STORAGE_DRIVER: z.enum(["fs", "s3"]).default("fs"),
  STORAGE_DIR: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -hex 32)").optional(),
  SENTRY_DSN: z.url().optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
});

export type Env = z.infer<typeof ZEnv>;

/** The validated configuration, with derived values filled in. */
export type Config = Env & {
  publicApiUrl: string;
  corsOrigins: string[];
  isProduction: boolean;
};

/** Thrown at start-up when the environment is invalid; the message names each bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      [
        "Invalid configuration:",
        ...problems.map((p) => `  ${p.variable}: ${p.message}`),
        "Fix these variables in your environment or in .env (every variable is documented in .env.example).",
      ].join("\n"),
    );
    this.name = "ConfigError";
  }
}

/**
 * Parses and validates the environment. Empty strings count as unset so that
 * `VAR=` in a .env file falls back to the default.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? "(environment)");
        const got = cleaned[variable];
        return { variable, message: `${issue.message}${got === undefined ? "" : ` (got "${got}")`}` };
      }),
    );
  }
  const e = parsed.data;
  const problems: { variable: string; message: string }[] = [];
  if (e.NODE_ENV === "production" && !e.AUTH_SECRET) {
    problems.push({ variable: "AUTH_SECRET", message: "is required in production (try: openssl rand -hex 32)" });
  }
  if (e.NODE_ENV === "production" && !e.DATABASE_URL) {
    problems.push({
      variable: "DATABASE_URL",
      message: "is required in production; the embedded Postgres is for development",
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...e,
    publicApiUrl: e.PUBLIC_API_URL ?? `http://localhost:${e.API_PORT}`,
    corsOrigins: e.CORS_ORIGINS ?? [e.FRONTEND_URL],
    isProduction: e.NODE_ENV === "production",
  };
}

/** Loads `.env` from the repository root into process.env, if present, without overriding. */
export function loadDotEnv(path = resolve(REPO_ROOT, ".env")): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
