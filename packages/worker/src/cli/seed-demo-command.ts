import type { Config, Logger } from "@coherence/core";
import type { SeedEvent, SeedResult } from "../demo/seed";
import { renderProgressBar } from "./format-summary";

/**
 * One seeding event as terminal text. With a TTY the pipeline's progress
 * redraws one bar in place; without one only whole lines are written, so logs stay readable.
 */
export function formatSeedEvent(e: SeedEvent, tty: boolean): string {
  const head = "index" in e ? `[${e.index}/${e.total}] ${e.talk.title}` : "";
  switch (e.kind) {
    case "account":
      return `Demo account ${e.email}: ${e.created ? "created" : "already there"}\n`;
    case "talk-skipped":
      return `${head}: already seeded, skipped\n`;
    case "talk-start":
      return `${head} (${e.talk.shows}, ${e.talk.ageDays} days ago)\n`;
    case "talk-progress":
      if (!tty) return "";
      return e.step === "generate"
        ? "\r  generating speech (espeak-ng) and video (ffmpeg)…"
        : `\r  ${renderProgressBar(e.step).replace(/^\r/, "")}`;
    case "talk-done":
      return `${tty ? "\r\u001b[K" : ""}  analysed: score ${e.score}/100 (${e.tier}), ${e.flags} flag${e.flags === 1 ? "" : "s"}\n`;
  }
}

/** The closing lines: what was added and how to sign in. */
export function formatSeedResult(result: SeedResult, account: { email: string; password: string }): string {
  const added = result.added.length;
  return [
    "",
    added > 0
      ? `Added ${added} analysed talk${added === 1 ? "" : "s"}${result.skipped.length ? `; ${result.skipped.length} already there` : ""}.`
      : "Nothing to add: the demo data is already there.",
    `Sign in with email ${account.email} and password "${account.password}" (local demo only).`,
    "",
  ].join("\n");
}

/**
 * `coherence seed-demo`: migrates the configured database (the embedded
 * Postgres when DATABASE_URL is unset, as in dev), then seeds the demo account
 * and talks with the local providers only (never a paid cloud call). Speech
 * comes from each talk's script unless `transcribe` asks for the configured
 * recogniser (pocketsphinx mishears espeak's voice badly: documentation/speech.md).
 */
export async function runSeedDemoCommand(opts: {
  config: Config;
  logger: Logger;
  out: (s: string) => void;
  progress: (s: string) => void;
  tty: boolean;
  transcribe: boolean;
}): Promise<number> {
  const core = await import("@coherence/core");
  const { DEMO_ACCOUNT, seedDemo } = await import("../demo/seed");
  const { createPipelineDeps, selectProviders } = await import("../pipeline/create-deps");
  const { createFakeSpeechProvider } = await import("../providers/speech/fake");
  return await core.withDatabaseUrl(opts.config, opts.logger, async (url) => {
    await core.migrate({ url, logger: opts.logger });
    const { db } = core.createDb({ url, poolMax: 4, applicationName: "coherence-seed-demo" });
    try {
      // Demo data never costs a cloud call, even when cloud keys are set.
      const providers = selectProviders({ config: opts.config, logger: opts.logger, localOnly: true });
      const result = await seedDemo({
        db,
        storage: core.createStorage(opts.config),
        fps: opts.config.ANALYSIS_FPS,
        pipeline: ({ transcript }) =>
          createPipelineDeps({
            providers: {
              ...providers,
              speech: opts.transcribe ? providers.speech : createFakeSpeechProvider({ transcript, name: "script" }),
            },
            logger: opts.logger,
            db,
          }),
        onEvent: (e) => opts.progress(formatSeedEvent(e, opts.tty)),
      });
      opts.out(formatSeedResult(result, DEMO_ACCOUNT));
      return 0;
    } finally {
      await db.destroy();
    }
  });
}
