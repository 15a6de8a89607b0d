import { existsSync } from "node:fs";
import { isIP } from "node:net";
import { availableParallelism } from "node:os";
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

/** Names Express understands in a trust-proxy list, besides addresses and CIDR ranges. */
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
const isProxyAddress = (entry: string) => {
  const [address = "", prefix] = entry.split("/");
  return isIP(address) !== 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix));
};

/**
 * TRUST_PROXY: which hops may set X-Forwarded-For (and so decide the client address
 * that per-IP limits count). Unset or "none": nobody, the socket's peer is the client.
 * A number: that many proxies in front. Otherwise a comma-separated list of addresses,
 * CIDR ranges or loopback / linklocal / uniquelocal. "true" (trust any hop) is refused:
 * any client could then choose its own address.
 */
const trustProxy = z.string().transform((value, ctx): false | number | string[] => {
  const v = value.trim().toLowerCase();
  if (v === "none" || v === "false" || v === "0") return false;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !PROXY_NAMES.has(e) && !isProxyAddress(e));
  if (entries.length === 0 || bad.length > 0 || v === "true") {
    ctx.addIssue({
      code: "custom",
      message:
        "must be none, a number of proxy hops, or a comma-separated list of proxy addresses, CIDR ranges or loopback/linklocal/uniquelocal (never true: any client could then choose its own address)",
    });
    return z.NEVER;
  }
  return entries;
});

const apiKey = z.string().regex(/^\S{8,}$/, "must be the provider's API key (8+ characters, no spaces)");
const DEFAULT_PROVIDER_PRICES =
  '{"deepgram.audio_minute":0.0043,"twelvelabs.video_minute":0.042,"twelvelabs.search_request":0,' +
  '"twelvelabs.input_token":0,"twelvelabs.output_token":0.0000075,"gemini.input_token":0.0000003,"gemini.output_token":0.0000025}';
const priceTable = z
  .string()
  .default(DEFAULT_PROVIDER_PRICES)
  .transform((v, ctx) => {
    try {
      return JSON.parse(v) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'must be JSON like {"deepgram.audio_minute":0.0043}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().regex(/^[a-z0-9_-]+\.[a-z0-9_]+$/), z.number().nonnegative()));
const clockWindow = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM-HH:MM, e.g. 01:00-06:00");

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
  TRUST_PROXY: trustProxy.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().min(1).default(resolve(REPO_ROOT, ".data")),
  EMBEDDED_PG_PORT: port.default(54329),
  DB_POOL_MAX: positiveInt.default(10),
  API_PROCESSES: positiveInt.max(256).optional(),
  WORKER_CONCURRENCY: positiveInt.default(2),
  ANALYSIS_FPS: z.coerce.number().positive().max(30).default(2),
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  READYZ_MIGRATIONS_CACHE_MS: z.coerce.number().int().nonnegative().default(10_000),
  SESSION_CACHE_TTL_MS: z.coerce.number().int().nonnegative().default(5_000),
  STORAGE_DRIVER: z.enum(["fs", "s3"]).default("fs"),
  STORAGE_DIR: z.string().min(1).optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ENDPOINT: z.url().optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_MULTIPART_THRESHOLD_BYTES: positiveInt.default(100 * 1024 ** 2),
  UPLOAD_MAX_BYTES: positiveInt.default(2 * 1024 ** 3),
  UPLOAD_IDLE_TIMEOUT_MS: positiveInt.default(60_000),
  VIDEO_MIN_DURATION_SECONDS: z.coerce.number().nonnegative().default(1),
  VIDEO_MAX_DURATION_SECONDS: z.coerce.number().positive().default(3600),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -hex 32)").optional(),
  RATE_LIMIT_AUTH_MAX: positiveInt.default(20),
  RATE_LIMIT_API_MAX: positiveInt.default(300),
  AUTH_GITHUB_ID: z.string().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().min(1).optional(),
  AUTH_GOOGLE_ID: z.string().min(1).optional(),
  AUTH_GOOGLE_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_ID: z.string().min(1).optional(),
  AUTH_OIDC_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_NAME: z.string().min(1).default("Single sign-on"),
  DEEPGRAM_API_KEY: apiKey.optional(),
  DEEPGRAM_BASE_URL: z.url().optional(),
  DEEPGRAM_MODEL: z.string().min(1).default("nova-3"),
  DEEPGRAM_LANGUAGE: z.string().min(2).default("en"),
  TWELVELABS_API_KEY: apiKey.optional(),
  TWELVELABS_BASE_URL: z.url().optional(),
  TWELVELABS_INDEX_NAME: z.string().min(1).default("coherence"),
  TWELVELABS_INDEXING_TIMEOUT_MS: positiveInt.default(900_000),
  GEMINI_API_KEY: apiKey.optional(),
  GEMINI_BASE_URL: z.url().optional(),
  GEMINI_MODEL: z.string().min(1).default("gemini-2.5-flash"),
  PROVIDER_TIMEOUT_MS: positiveInt.default(120_000),
  PROVIDER_MAX_ATTEMPTS: positiveInt.max(10).default(4),
  PROVIDER_PRICES: priceTable,
  PROVIDER_CACHE_TTL_SECONDS: positiveInt.default(2_592_000),
  OFFPEAK_WINDOW: clockWindow.default("01:00-06:00"),
  OFFPEAK_TIMEZONE: z
    .string()
    .min(1)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as UTC or Europe/Paris")
    .default("UTC"),
  SPEECH_ENGINE: z.enum(["pocketsphinx", "whisper"]).default("pocketsphinx"),
  WHISPER_MODEL_PATH: z.string().min(1).optional(),
  HUMAN_MODELS_PATH: z.string().min(1).optional(),
  FFMPEG_PATH: z.string().min(1).default("ffmpeg"),
  FFPROBE_PATH: z.string().min(1).default("ffprobe"),
  SENTRY_DSN: z.url().optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
});

export type Env = z.infer<typeof ZEnv>;

/** The validated configuration, with derived values filled in. */
export type Config = Env & {
  publicApiUrl: string;
  corsOrigins: string[];
  /** Express's "trust proxy" setting, from TRUST_PROXY: false (the default) trusts no X-Forwarded-For. */
  trustProxy: false | number | string[];
  isProduction: boolean;
  /** API_PROCESSES, else one per core in production and one in development. */
  apiProcesses: number;
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

  /** The problems on one line, for a command-line tool's error output. */
  get oneLine(): string {
    const problems = this.problems.map((p) => `${p.variable} ${p.message}`).join("; ");
    return `Invalid configuration: ${problems}. Fix it in your environment or .env (see .env.example).`;
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
  if (e.STORAGE_DRIVER === "s3" && !e.S3_BUCKET) {
    problems.push({ variable: "S3_BUCKET", message: "is required when STORAGE_DRIVER=s3" });
  }
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    problems.push({
      variable: e.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID",
      message:
        "set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (to use the AWS default credential chain)",
    });
  }
  if (e.VIDEO_MIN_DURATION_SECONDS >= e.VIDEO_MAX_DURATION_SECONDS) {
    problems.push({
      variable: "VIDEO_MIN_DURATION_SECONDS",
      message: `must be below VIDEO_MAX_DURATION_SECONDS (${e.VIDEO_MAX_DURATION_SECONDS})`,
    });
  }
  for (const [provider, pair] of Object.entries({
    GITHUB: [e.AUTH_GITHUB_ID, e.AUTH_GITHUB_SECRET],
    GOOGLE: [e.AUTH_GOOGLE_ID, e.AUTH_GOOGLE_SECRET],
  })) {
    if (Boolean(pair[0]) !== Boolean(pair[1])) {
      problems.push({
        variable: `AUTH_${provider}_${pair[0] ? "SECRET" : "ID"}`,
        message: `must be set together with AUTH_${provider}_${pair[0] ? "ID" : "SECRET"}`,
      });
    }
  }
  const oidc = [e.AUTH_OIDC_ISSUER, e.AUTH_OIDC_ID, e.AUTH_OIDC_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    problems.push({
      variable: ["AUTH_OIDC_ISSUER", "AUTH_OIDC_ID", "AUTH_OIDC_SECRET"][oidc.findIndex((v) => !v)]!,
      message: "AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET must be set together",
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...e,
    publicApiUrl: e.PUBLIC_API_URL ?? `http://localhost:${e.API_PORT}`,
    corsOrigins: e.CORS_ORIGINS ?? [e.FRONTEND_URL],
    trustProxy: e.TRUST_PROXY ?? false,
    isProduction: e.NODE_ENV === "production",
    apiProcesses: e.API_PROCESSES ?? (e.NODE_ENV === "production" ? availableParallelism() : 1),
  };
}

/** Loads `.env` from the repository root into process.env, if present, without overriding. */
export function loadDotEnv(path = resolve(REPO_ROOT, ".env")): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/** loadConfig for a script's entry point: invalid configuration prints one line (no stack trace) and exits 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.oneLine}\n`);
    process.exit(2);
  }
}
