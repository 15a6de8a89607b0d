import { parseArgs } from "node:util";
import type { Config, Database } from "@coherence/core";

const HELP = `coherence: the Coherence command line

Usage:
  coherence <command> [options]

Commands:
  analyze <video> [--json] [--fps N]
                               run the whole analysis on a local file (no server, no database needed)
                               and print the score, tier, top flags and key metrics (--json: everything).
                               Cloud engines run where their keys are set (caches in DATABASE_URL, or
                               in memory); stderr names each stage's engine and why
  rescore <analysisId>         recompute flags, heatmap and score from stored raw events with the
                               current thresholds (no provider call)
  rescore --all [--off-peak] [--stale] [--before DATE] [--limit N]
                               queue a re-score of many analyses (oldest first, default 1000) for the
                               worker: now, or with --off-peak in OFFPEAK_WINDOW on the low-priority queue
                               (--stale: only those scored before the last thresholds/bands/tiers change)
  migrate [--json]             apply database migrations (embedded Postgres when DATABASE_URL is unset;
                               the one \`pnpm dev\` runs on DATA_DIR when it is up)
  seed-demo [--transcribe]     add a demo account and five analysed talks, generated with espeak-ng and
                               ffmpeg and run through the real pipeline (idempotent; prints the sign-in;
                               --transcribe: recognise the speech instead of using the talks' scripts)
  thresholds [get] [--json]    show the per-type dissonance thresholds
  thresholds set TYPE FIELD VALUE
                               change one threshold (no redeploy; workers see it within seconds)
  thresholds bands | set-band METRIC good|fair LOW HIGH
                               show or change the delivery-metric bands
  thresholds tiers | set-tier TIER MIN
                               show or change the score tiers' lowest scores
  help                         show this help

Options:
  -h, --help                   show this help

Results go to stdout, logs and progress to stderr. Exit code 2: bad usage, input or configuration.
`;

/** The configuration and a logger for one command. Logs go to stderr: stdout carries only results. */
async function loadCliContext(level?: string) {
  const core = await import("@coherence/core");
  core.loadDotEnv();
  const config = core.loadConfig();
  const logger = core.createLogger({ level: level ?? config.LOG_LEVEL, toStderr: true, name: "coherence-cli" });
  return { core, config, logger };
}

/** Opens the configured database (embedded Postgres when DATABASE_URL is unset) for one command. */
async function withCliDatabase(fn: (db: Database, config: Config) => Promise<number>): Promise<number> {
  const { core, config, logger } = await loadCliContext();
  return await core.withDatabaseUrl(config, logger, async (url) => {
    const { db } = core.createDb({ url, poolMax: 2, applicationName: "coherence-cli" });
    try {
      return await fn(db, config);
    } finally {
      await db.destroy();
    }
  });
}

/**
 * Runs the CLI with `argv` (without node and script) and returns the exit code. Results go
 * to `out`; errors go to `err` as one line (exit 2 when the user can fix them).
 */
export async function runCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  try {
    return await dispatch(argv, out, err);
  } catch (e) {
    const { describeCliError } = await import("./cli/errors");
    const { text, code } = describeCliError(e);
    err(text);
    return code;
  }
}

async function dispatch(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      help: { type: "boolean", short: "h" },
      json: { type: "boolean" },
      fps: { type: "string" },
      transcribe: { type: "boolean" },
      all: { type: "boolean" },
      "off-peak": { type: "boolean" },
      stale: { type: "boolean" },
      before: { type: "string" },
      limit: { type: "string" },
    },
  });
  const command = positionals[0];
  if (!command || command === "help" || values.help) {
    out(HELP);
    return 0;
  }
  if (command === "analyze") {
    const video = positionals[1];
    const fps = values.fps === undefined ? undefined : Number(values.fps);
    if (!video || (fps !== undefined && !(fps > 0 && fps <= 30))) {
      out(`Usage: coherence analyze <video> [--json] [--fps N]   (N between 0 and 30)\n`);
      return 2;
    }
    const { config, logger } = await loadCliContext(process.env.LOG_LEVEL ?? "warn");
    const { runAnalyzeCommand } = await import("./cli/analyze-command");
    return await runAnalyzeCommand({
      videoPath: video,
      json: values.json === true,
      fps,
      config,
      logger,
      out,
      note: err,
      progress: process.stderr.isTTY ? (s) => process.stderr.write(s) : undefined,
    });
  }
  if (command === "rescore" && values.all) {
    const { parseRescoreAllArgs, runRescoreAllCommand, RESCORE_ALL_USAGE } = await import("./cli/rescore-all-command");
    const args = parseRescoreAllArgs(values);
    if ("error" in args) {
      out(`${args.error}\n${RESCORE_ALL_USAGE}`);
      return 2;
    }
    return await withCliDatabase((db, config) =>
      runRescoreAllCommand({ db, config, args, json: values.json === true, out }),
    );
  }
  if (command === "rescore") {
    const analysisId = positionals[1];
    if (!analysisId || !/^[0-9a-f-]{36}$/i.test(analysisId)) {
      out("Usage: coherence rescore <analysisId>   (a UUID), or coherence rescore --all [--off-peak]\n");
      return 2;
    }
    const { rescoreAnalysis } = await import("./pipeline/rescore");
    return await withCliDatabase(async (db) => {
      const result = await rescoreAnalysis(db, analysisId);
      out(
        values.json
          ? `${JSON.stringify(result)}\n`
          : `Re-scored: ${result.score}/100 (${result.tier}), ${result.flags} flag(s).\n`,
      );
      return 0;
    });
  }
  if (command === "migrate") {
    const { core, config, logger } = await loadCliContext();
    const { applied } = await core.withDatabaseUrl(config, logger, (url) => core.migrate({ url, logger }));
    out(
      values.json
        ? `${JSON.stringify({ applied })}\n`
        : applied.length
          ? `Applied ${applied.length} migration(s): ${applied.join(", ")}.\n`
          : "The database is up to date.\n",
    );
    return 0;
  }
  if (command === "seed-demo") {
    const { config, logger } = await loadCliContext(process.env.LOG_LEVEL ?? "warn");
    const { runSeedDemoCommand } = await import("./cli/seed-demo-command");
    return await runSeedDemoCommand({
      config,
      logger,
      out,
      progress: (s) => process.stderr.write(s),
      tty: process.stderr.isTTY === true,
      transcribe: values.transcribe === true,
    });
  }
  if (command === "thresholds") {
    const { parseThresholdsArgs, runThresholdsCommand, THRESHOLDS_USAGE } = await import("./thresholds-command");
    const parsed = parseThresholdsArgs(positionals.slice(1));
    if ("error" in parsed) {
      out(`${parsed.error}\n\n${THRESHOLDS_USAGE}`);
      return 2;
    }
    return await withCliDatabase((db) =>
      runThresholdsCommand({ db, command: parsed, json: values.json === true, out }),
    );
  }
  out(`Unknown command "${command}".\n\n${HELP}`);
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runCli(process.argv.slice(2));
}
