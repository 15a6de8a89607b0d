import { SCORE_TIERS } from "@coherence/shared";
import type { TGetOverviewOutput } from "./get-overview.types";
import type { AnalysedTalk } from "./load-analysed-talks";
import { round } from "./talk-metrics";

export type FlagTypeCount = { type: string; count: number; totalSeconds: number };

const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : round(a - b, 2));

/**
 * Turns a user's analysed talks (oldest first) into the dashboard overview.
 * Pure: the queries live in the procedure.
 */
export function computeOverview(input: {
  talks: AnalysedTalk[];
  flagTypes: FlagTypeCount[];
  talksInProgress: number;
}): TGetOverviewOutput {
  const { talks } = input;
  const summary = (t: AnalysedTalk) => ({
    videoId: t.videoId,
    title: t.title,
    recordedAt: t.recordedAt.toISOString(),
    score: t.score,
    tier: t.tier,
  });
  const latest = talks.at(-1) ?? null;
  const previous = talks.length >= 2 ? talks.at(-2)! : null;
  // Ties go to the most recent talk: the user's current level.
  const best = talks.reduce<AnalysedTalk | null>((b, t) => (b === null || t.score >= b.score ? t : b), null);
  const scores = talks.map((t) => t.score);
  return {
    talksAnalysed: talks.length,
    talksInProgress: input.talksInProgress,
    totalMinutes: round(talks.reduce((s, t) => s + t.durationSeconds, 0) / 60, 1),
    averageScore: scores.length ? round(scores.reduce((s, v) => s + v, 0) / scores.length, 1) : null,
    bestScore: best?.score ?? null,
    best: best ? summary(best) : null,
    latest: latest ? summary(latest) : null,
    tierDistribution: SCORE_TIERS.map((tier) => ({ tier, count: talks.filter((t) => t.tier === tier).length })),
    topFlagTypes: [...input.flagTypes]
      .sort((a, b) => b.count - a.count || b.totalSeconds - a.totalSeconds || a.type.localeCompare(b.type))
      .slice(0, 5)
      .map((f) => ({ ...f, totalSeconds: round(f.totalSeconds, 1) })),
    changeSincePrevious:
      latest && previous
        ? {
            score: latest.score - previous.score,
            wpm: delta(latest.wpm, previous.wpm),
            fillerDensity: delta(latest.fillerDensity, previous.fillerDensity),
            eyeContact: delta(latest.eyeContact, previous.eyeContact),
            flagsPerMinute: delta(latest.flagsPerMinute, previous.flagsPerMinute),
          }
        : null,
  };
}
