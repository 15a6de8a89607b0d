import type { Database } from "@coherence/core";

// Builders for hand-made analysed talks (a complete video, its analysis, metric
// rows and flags), for tests that read what the engine writes without running it.

/** A date `days` before now. */
export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

export type MetricRowSeed = { name: string; value: number; unit: string };
export type FlagSeed = { type: string; start: number; end: number };

export type TalkSeed = {
  title: string;
  ageDays: number;
  duration: number;
  score: number;
  tier: string;
  metrics?: MetricRowSeed[];
  flags?: FlagSeed[];
};

/**
 * Metric rows from `{ name: [value, unit] }`, so a talk's figures read as one
 * line: `metricRows({ wpm: [158, "wpm"], filler_density: [3.1, "%"] })`.
 */
export function metricRows(byName: Record<string, [value: number, unit: string]>): MetricRowSeed[] {
  return Object.entries(byName).map(([name, [value, unit]]) => ({ name, value, unit }));
}

/** Flags of one type from `[start, end]` pairs. */
export function flagsOf(type: string, ...spans: [start: number, end: number][]): FlagSeed[] {
  return spans.map(([start, end]) => ({ type, start, end }));
}

/** A user with no password; returns the id. */
export async function seedUser(db: Database, email: string): Promise<string> {
  const row = await db
    .insertInto("users")
    .values({ email, name: email.split("@")[0]! })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A complete video `ageDays` old with its analysis, metrics and flags; returns the analysis id. */
export async function seedAnalysedTalk(db: Database, userId: string, t: TalkSeed): Promise<string> {
  const video = await db
    .insertInto("videos")
    .values({
      userId,
      title: t.title,
      status: "complete",
      stage: "complete",
      progress: 100,
      durationSeconds: t.duration,
      createdAt: daysAgo(t.ageDays),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const analysis = await db
    .insertInto("analyses")
    .values({ videoId: video.id, coherenceScore: t.score, scoreTier: t.tier })
    .returning("id")
    .executeTakeFirstOrThrow();
  const metrics = t.metrics ?? [];
  if (metrics.length) {
    await db
      .insertInto("analysisMetrics")
      .values(metrics.map((m) => ({ analysisId: analysis.id, ...m })))
      .execute();
  }
  const flags = t.flags ?? [];
  if (flags.length) {
    await db
      .insertInto("dissonanceFlags")
      .values(
        flags.map((f) => ({
          analysisId: analysis.id,
          type: f.type,
          startSeconds: f.start,
          endSeconds: f.end,
          severity: 0.6,
          confidence: 0.8,
        })),
      )
      .execute();
  }
  return analysis.id;
}
